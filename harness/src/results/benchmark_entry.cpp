#include "results/benchmark_entry.hpp"

#include <algorithm>

namespace crucible {

std::string benchmark_key(const std::string& run_name) {
  // Google Benchmark appends the run settings (min_time:0.010/repeats:5/real_time); two runs
  // with different settings still measure the same benchmark.
  std::string out;
  std::size_t start = 0;
  while (start <= run_name.size()) {
    const std::size_t end = std::min(run_name.find('/', start), run_name.size());
    const std::string part = run_name.substr(start, end - start);
    const bool setting = part.rfind("min_time:", 0) == 0 || part.rfind("repeats:", 0) == 0 ||
                         part.rfind("iterations:", 0) == 0 || part.rfind("min_warmup_time:", 0) == 0 ||
                         part == "real_time" || part == "manual_time" || part == "process_time";
    if (!setting) out += (out.empty() ? "" : "/") + part;
    start = end + 1;
  }
  return out;
}

}  // namespace crucible
