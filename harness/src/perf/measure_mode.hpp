#pragma once
// The GPU measurement modes of one case (cold, hot and graph, as nvbench has measure_cold and
// measure_hot), one file each, and what they share: the prepared case, and measure_samples,
// which turns a mode's samples into its timing entry and its Google Benchmark report.
#include <cstddef>
#include <functional>
#include <string>

#include <nlohmann/json.hpp>

#include <crucible/abi.h>

#include "perf/gpu_session.hpp"
#include "timing/adaptive_sampler.hpp"
#include "timing/throttle_filter.hpp"

namespace crucible {

// One parameter set of a GPU variant, prepared and ready to time.
struct GpuCase {
  std::string name;               // the benchmark's name and its NVTX range
  GpuSession* session = nullptr;
  std::function<void()> enqueue;  // one run() of the prepared instance on the session's stream
  crucible_work work{};
  StoppingRule rule;
  ThrottlePolicy policy;
  std::size_t batch = 1;      // runs per hot and graph sample
  bool capturable = false;    // the plugin marked the variant .capturable()
  bool synchronizes = false;  // the plugin marked the variant .synchronizes(): run() waits on the GPU
};

// One mode's outcome.
struct ModeMeasurement {
  std::string mode;
  nlohmann::json timing;       // the record's timing.modes entry: statistics, or {"absent": why}
  nlohmann::json report;       // Google Benchmark's report; null when the mode is absent
  nlohmann::json annotations;  // merged into each of the report's entries

  bool measured() const { return !report.is_null(); }
};

// Samples until the case's stopping rule stops, `batch` runs per sample (an NVTX range of the
// case's name around them); the entries carry the kept samples and how sampling went.
ModeMeasurement measure_samples(const GpuCase& gpu_case, const std::string& mode, std::size_t batch,
                                const std::function<double()>& sample);
ModeMeasurement absent_mode(const std::string& mode, const std::string& why);

// After an L2 flush, one run per sample, behind the launch hold unless the variant synchronizes.
ModeMeasurement measure_cold(const GpuCase& gpu_case);
// Batches of back-to-back runs (one run per sample when the variant synchronizes).
ModeMeasurement measure_hot(const GpuCase& gpu_case);
// Replays of one run captured into a CUDA graph; absent unless the variant is capturable,
// does not synchronize, and its capture works.
ModeMeasurement measure_graph(const GpuCase& gpu_case);

}  // namespace crucible
