#pragma once
// One GPU benchmark (a case at one parameter set) as the reports show it: the median of each
// timing mode side by side, the mode that gates, what stopped the sampling, how many samples
// were throttled, CUDA-event time beside CUPTI's kernel-time sum, and the findings.
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace crucible {

struct GpuTimingRow {
  std::string benchmark;                   // its name without the timing mode
  std::map<std::string, double> median_ns;  // by mode: "cold", "hot", "graph"
  std::string primary;                     // the mode that gates
  std::string stopped_by;                  // of the primary mode: noise, time_budget, max_samples
  std::size_t samples = 0, throttled = 0;  // of the primary mode
  double sm_mhz = 0;                       // median SM clock of its kept samples; 0 when not read
  double event_ns = -1, kernel_ns = -1;    // per run, from the CUPTI pass; -1 when absent
  double gap_fraction = 0;                 // (event - kernel) / event
  std::string cupti_absent;                // why there is no CUPTI pass
  std::vector<std::string> kernels;        // "name: 12.3 us per run, 2 launch(es)", longest first
  std::vector<std::string> phases;         // NVTX phases the plugin marked: "h2d: 4 us per run"
  std::vector<std::string> findings;

  std::string median_text(const std::string& mode) const;  // "12.5 us", or "-" when not measured
  std::string sm_clock_text() const;                       // "1980 MHz", or "-" when not read
};

// The rows of a results document, in the order its benchmarks appear; empty without GPU ones.
std::vector<GpuTimingRow> gpu_timing_rows(const nlohmann::json& results);

}  // namespace crucible
