#pragma once
// Runs fn(0) .. fn(count-1) on up to `threads` std::threads pulling task numbers from a shared
// counter. Callers make each task's result independent of which thread ran it, so the output
// does not depend on the thread count.
#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace attention {

template <class Fn>
void parallel_tasks(int count, unsigned threads, const Fn& fn) {
  const int workers = static_cast<int>(std::max(1u, std::min<unsigned>(threads, static_cast<unsigned>(std::max(count, 1)))));
  if (workers == 1) {
    for (int t = 0; t < count; ++t) fn(t);
    return;
  }
  std::atomic<int> next{0};
  std::exception_ptr error;
  std::mutex error_mutex;
  auto work = [&] {
    try {
      for (int t = next++; t < count; t = next++) fn(t);
    } catch (...) {
      std::lock_guard lock(error_mutex);
      if (!error) error = std::current_exception();
    }
  };
  std::vector<std::thread> pool;
  pool.reserve(static_cast<std::size_t>(workers - 1));
  for (int w = 1; w < workers; ++w) pool.emplace_back(work);
  work();
  for (auto& t : pool) t.join();
  if (error) std::rethrow_exception(error);
}

}  // namespace attention
