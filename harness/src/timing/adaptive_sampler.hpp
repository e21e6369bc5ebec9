#pragma once
// AdaptiveSampler: nvbench-style stopping. Takes samples until the relative noise (stddev /
// mean) of the unthrottled samples is under a target with at least min_samples taken and
// min_time spent, or until the time budget or the sample cap is reached; records which
// criterion stopped it. The sample and clock sources are functions, so the loop runs the same
// for CUDA events, a host clock, or a test's synthetic values.
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "timing/sample_statistics.hpp"
#include "timing/throttle_filter.hpp"

namespace crucible {

struct StoppingRule {
  std::size_t min_samples = 10;
  std::size_t max_samples = 100000;
  double noise_target = 0.005;  // relative standard deviation (nvbench --max-noise 0.5 %)
  double min_time_s = 0.0;      // measured time before the noise criterion may stop
  double time_budget_s = 2.0;   // wall time (samples and the work between them), hard stop

  nlohmann::json to_json() const;
};

enum class StopCriterion { none, noise, time_budget, max_samples };
const char* stop_criterion_name(StopCriterion criterion);

// The decision after each sample: kept = the unthrottled samples so far.
StopCriterion should_stop(const StoppingRule& rule, const std::vector<double>& kept, std::size_t taken,
                          double elapsed_s, double measured_s);

struct SampledRun {
  std::vector<double> samples;                     // seconds per run, every sample
  std::vector<std::optional<ClockReading>> clocks;  // one per sample, empty when not read
  std::vector<bool> throttled;                     // one per sample
  std::vector<double> kept;                        // unthrottled samples (all when all were throttled)
  std::size_t throttled_count = 0;
  bool all_throttled = false;
  StopCriterion stopped_by = StopCriterion::none;
  double elapsed_s = 0;
  SampleStatistics stats;  // of kept

  // The SM clock (MHz) of each kept sample, in order; empty unless every kept sample has one.
  std::vector<double> kept_sm_mhz() const;
  nlohmann::json to_json() const;  // stats, stopping criterion, throttle counts, raw samples and clocks
};

struct SamplerSources {
  std::function<double()> sample;                        // one measurement: seconds per run
  std::function<std::optional<ClockReading>()> clock;    // may be empty: no clock readings
  std::function<double()> now;                           // monotonic seconds; empty: steady_clock
  // Runs each sample times (a hot batch): min_time counts the measured time of all of them,
  // as nvbench counts GPU time, not the per-run mean the sample reports.
  std::size_t runs_per_sample = 1;
};

SampledRun run_adaptive(const SamplerSources& sources, const StoppingRule& rule, const ThrottlePolicy& policy);

// How many runs one hot-mode sample batches so that it lasts about target_s, given the time of
// one run: at least 1, at most max_batch.
std::size_t batch_size_for(double single_run_s, double target_s, std::size_t max_batch = 10000);

// The size of the buffer written before each cold sample: larger than L2 (twice, at least
// 8 MiB), rounded up to a whole MiB, so nothing the previous sample left in L2 survives.
std::size_t l2_flush_bytes(std::size_t l2_bytes);

}  // namespace crucible
