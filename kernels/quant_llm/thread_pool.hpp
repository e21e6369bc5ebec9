#pragma once
// A small persistent pool for row-parallel work: parallel_for splits [0, n) into one
// contiguous range per thread (the caller runs the first), so results never depend on
// scheduling. Threads are created once, not per call (the forward pass calls it ~200 times
// per token).
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace quant {

class ThreadPool {
 public:
  explicit ThreadPool(unsigned threads);
  ~ThreadPool();
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;

  unsigned size() const { return threads_; }
  // fn(begin, end) over a partition of [0, n); returns when all ranges are done.
  void parallel_for(std::int64_t n, const std::function<void(std::int64_t, std::int64_t)>& fn);

 private:
  void worker(unsigned index);
  unsigned threads_ = 1;  // set before any worker starts (workers read it)
  std::vector<std::thread> workers_;
  std::mutex mutex_;
  std::condition_variable wake_, done_;
  const std::function<void(std::int64_t, std::int64_t)>* job_ = nullptr;
  std::int64_t n_ = 0;
  std::uint64_t generation_ = 0;
  unsigned pending_ = 0;
  bool stop_ = false;
};

}  // namespace quant
