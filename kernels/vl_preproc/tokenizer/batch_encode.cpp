#include "vl_preproc/tokenizer/batch_encode.hpp"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

namespace vl::tokenizer {
namespace {

// Worker threads that live for the whole process, so their per-thread piece caches stay warm
// from one batch to the next. One batch runs at a time; the caller works too.
class WorkerPool {
 public:
  static WorkerPool& instance() {
    static WorkerPool* pool = new WorkerPool;  // never destroyed: workers may still wait at exit
    return *pool;
  }

  // Runs `job` on the calling thread and on `helpers` workers; returns when all are done.
  void run(unsigned helpers, const std::function<void()>& job) {
    const std::lock_guard one_batch(run_mutex_);
    {
      const std::lock_guard lock(mutex_);
      while (threads_.size() < helpers) {
        const auto index = static_cast<unsigned>(threads_.size());
        threads_.emplace_back([this, index] { loop(index); });
      }
      job_ = &job;
      active_ = helpers;
      pending_ = helpers;
      ++generation_;
    }
    work_.notify_all();
    job();
    std::unique_lock lock(mutex_);
    done_.wait(lock, [&] { return pending_ == 0; });
    job_ = nullptr;
  }

 private:
  void loop(unsigned index) {
    std::uint64_t seen = 0;
    std::unique_lock lock(mutex_);
    for (;;) {
      work_.wait(lock, [&] { return generation_ != seen; });
      seen = generation_;
      if (index >= active_) continue;
      const std::function<void()>* job = job_;
      lock.unlock();
      (*job)();
      lock.lock();
      if (--pending_ == 0) done_.notify_all();
    }
  }

  std::mutex run_mutex_;
  std::mutex mutex_;
  std::condition_variable work_, done_;
  std::vector<std::thread> threads_;
  const std::function<void()>* job_ = nullptr;
  std::uint64_t generation_ = 0;
  unsigned active_ = 0;
  unsigned pending_ = 0;
};

}  // namespace

std::vector<EncodedText> encode_batch(const BpeTokenizer& tokenizer, std::span<const std::string_view> texts, unsigned threads) {
  std::vector<EncodedText> results(texts.size());
  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
  threads = static_cast<unsigned>(std::min<std::size_t>(threads, std::max<std::size_t>(texts.size(), 1)));
  std::atomic<std::size_t> next{0};
  const std::function<void()> work = [&] {
    // Texts are taken one at a time from a shared counter: long and short texts balance out.
    for (std::size_t i = next.fetch_add(1); i < texts.size(); i = next.fetch_add(1)) {
      try {
        results[i].ids = tokenizer.encode(texts[i]);
      } catch (const std::exception& e) {
        results[i].error = e.what();
      }
    }
  };
  if (threads <= 1)
    work();
  else
    WorkerPool::instance().run(threads - 1, work);
  return results;
}

}  // namespace vl::tokenizer
