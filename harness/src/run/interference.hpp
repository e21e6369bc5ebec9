#pragma once
// What else ran on the machine during one `crucible run`, so that a comparison of two separate
// runs can tell a slower run from a disturbed one: load average, CPU steal, the machine's busy
// CPUs minus the run's own CPU use, and a fixed canary kernel timed at the start and the end.
#include <cstdint>
#include <optional>
#include <string_view>

#include <nlohmann/json.hpp>

namespace crucible {

// The aggregate "cpu" line of /proc/stat, in clock ticks.
struct CpuTicks {
  std::uint64_t total = 0;  // user+nice+system+idle+iowait+irq+softirq+steal
  std::uint64_t idle = 0;   // idle+iowait
  std::uint64_t steal = 0;
};

// Parses the text of /proc/stat; nullopt when it has no well-formed aggregate "cpu" line.
std::optional<CpuTicks> parse_proc_stat(std::string_view text);

// The 1-minute load average from the text of /proc/loadavg; nullopt when unreadable.
std::optional<double> parse_loadavg(std::string_view text);

// Milliseconds of one fixed single-threaded CPU+memory kernel over a 1 MiB buffer (median of
// a few repetitions). The work is fixed, so on the same hardware its time moves only with
// contention for the core, its caches and memory bandwidth.
double canary_ms();

// Samples at start() and at finish(); finish() returns the "interference"
// object of a results document's context.
class InterferenceProbe {
 public:
  void start();
  nlohmann::json finish() const;

 private:
  double canary_start_ms_ = 0;
  std::optional<double> load_start_;
  std::optional<CpuTicks> ticks_start_;
  double own_cpu_start_s_ = 0;
  double wall_start_s_ = 0;
};

}  // namespace crucible
