#include "kato/worker_pool.hpp"

#include <atomic>
#include <cstdint>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace kato {
namespace {

class WorkerPool {
 public:
  ~WorkerPool() {
    {
      std::lock_guard lock(mutex_);
      stop_ = true;
    }
    wake_.notify_all();
    for (auto& t : workers_) t.join();
  }

  void run(std::size_t parts, const std::function<void(std::size_t)>& fn) {
    std::unique_lock call(call_mutex_, std::try_to_lock);
    if (!call.owns_lock()) {  // busy (another query, or a part of this one): run here
      for (std::size_t p = 0; p < parts; ++p) fn(p);
      return;
    }
    while (workers_.size() + 1 < parts) {  // grows once per new maximum, outside any hot path
      const std::size_t index = workers_.size();
      workers_.emplace_back([this, index] { work(index); });
    }
    {
      std::lock_guard lock(mutex_);
      job_ = &fn;
      parts_ = parts;
      next_.store(0, std::memory_order_relaxed);
      done_ = 0;
      error_ = nullptr;
      ++generation_;
    }
    wake_.notify_all();
    take_parts(fn, parts);
    std::unique_lock lock(mutex_);
    finished_.wait(lock, [&] { return done_ == parts_ && active_ == 0; });
    job_ = nullptr;
    if (error_) std::rethrow_exception(error_);
  }

 private:
  void work(std::size_t) {
    std::uint64_t seen = 0;
    std::unique_lock lock(mutex_);
    for (;;) {
      wake_.wait(lock, [&] { return stop_ || generation_ != seen; });
      if (stop_) return;
      seen = generation_;
      if (!job_) continue;
      const auto* fn = job_;
      const std::size_t parts = parts_;
      ++active_;
      lock.unlock();
      take_parts(*fn, parts);
      lock.lock();
      --active_;
      if (done_ == parts_ && active_ == 0) finished_.notify_one();
    }
  }

  // Claims and runs parts until none is left; counts them under the lock.
  void take_parts(const std::function<void(std::size_t)>& fn, std::size_t parts) {
    std::size_t did = 0;
    std::exception_ptr error;
    for (std::size_t p; (p = next_.fetch_add(1, std::memory_order_relaxed)) < parts; ++did) {
      try {
        fn(p);
      } catch (...) {
        if (!error) error = std::current_exception();
      }
    }
    std::lock_guard lock(mutex_);
    done_ += did;
    if (error && !error_) error_ = error;
  }

  std::mutex call_mutex_;  // one call at a time owns the workers
  std::vector<std::thread> workers_;
  std::mutex mutex_;
  std::condition_variable wake_, finished_;
  const std::function<void(std::size_t)>* job_ = nullptr;
  std::size_t parts_ = 0, done_ = 0, active_ = 0;
  std::atomic<std::size_t> next_{0};
  std::uint64_t generation_ = 0;
  std::exception_ptr error_;
  bool stop_ = false;
};

}  // namespace

void run_parts(std::size_t parts, const std::function<void(std::size_t)>& fn) {
  if (parts <= 1) {
    if (parts == 1) fn(0);
    return;
  }
  static WorkerPool pool;  // lives until exit; its threads sleep between calls
  pool.run(parts, fn);
}

}  // namespace kato
