#include "timing/adaptive_sampler.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>

namespace crucible {

nlohmann::json StoppingRule::to_json() const {
  return {{"min_samples", min_samples},
          {"max_samples", max_samples},
          {"noise_target", noise_target},
          {"min_time_s", min_time_s},
          {"time_budget_s", time_budget_s}};
}

const char* stop_criterion_name(StopCriterion criterion) {
  switch (criterion) {
    case StopCriterion::noise: return "noise";
    case StopCriterion::time_budget: return "time_budget";
    case StopCriterion::max_samples: return "max_samples";
    case StopCriterion::none: break;
  }
  return "none";
}

StopCriterion should_stop(const StoppingRule& rule, const std::vector<double>& kept, std::size_t taken,
                          double elapsed_s, double measured_s) {
  if (kept.size() >= rule.min_samples && measured_s >= rule.min_time_s) {
    const SampleStatistics stats = compute_statistics(kept);
    if (stats.mean > 0 && stats.rel_noise <= rule.noise_target) return StopCriterion::noise;
  }
  if (taken >= rule.max_samples) return StopCriterion::max_samples;
  if (elapsed_s >= rule.time_budget_s) return StopCriterion::time_budget;
  return StopCriterion::none;
}

SampledRun run_adaptive(const SamplerSources& sources, const StoppingRule& rule, const ThrottlePolicy& policy) {
  const auto steady = [] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
  };
  const auto now = [&] { return sources.now ? sources.now() : steady(); };
  SampledRun run;
  const double start = now();
  double measured = 0;
  std::vector<double> kept;
  while (true) {
    const double seconds = sources.sample();
    std::optional<ClockReading> clock;
    if (sources.clock) clock = sources.clock();
    const bool bad = clock && policy.throttled(*clock);
    run.samples.push_back(seconds);
    run.clocks.push_back(clock);
    run.throttled.push_back(bad);
    if (bad) {
      ++run.throttled_count;
    } else {
      kept.push_back(seconds);
    }
    measured += seconds * static_cast<double>(std::max<std::size_t>(sources.runs_per_sample, 1));
    run.elapsed_s = now() - start;
    run.stopped_by = should_stop(rule, kept, run.samples.size(), run.elapsed_s, measured);
    if (run.stopped_by != StopCriterion::none) break;
  }
  run.all_throttled = kept.empty();
  run.kept = run.all_throttled ? run.samples : kept;
  run.stats = compute_statistics(run.kept);
  return run;
}

std::vector<double> SampledRun::kept_sm_mhz() const {
  std::vector<double> mhz;
  for (std::size_t i = 0; i < samples.size(); ++i) {
    if (!all_throttled && throttled[i]) continue;
    if (i >= clocks.size() || !clocks[i]) return {};
    mhz.push_back(clocks[i]->sm_clock_mhz);
  }
  return mhz;
}

nlohmann::json SampledRun::to_json() const {
  nlohmann::json j = {{"stats", stats.to_json()},
                      {"stopped_by", stop_criterion_name(stopped_by)},
                      {"elapsed_s", elapsed_s},
                      {"samples_taken", samples.size()},
                      {"samples_throttled", throttled_count},
                      {"all_throttled", all_throttled},
                      {"samples_s", samples}};
  nlohmann::json clock_json = nlohmann::json::array();
  bool any_clock = false;
  for (std::size_t i = 0; i < clocks.size(); ++i) {
    if (clocks[i]) {
      any_clock = true;
      clock_json.push_back({{"sm_mhz", clocks[i]->sm_clock_mhz}, {"reasons", clocks[i]->reasons},
                            {"throttled", static_cast<bool>(throttled[i])}});
    } else {
      clock_json.push_back(nullptr);
    }
  }
  if (any_clock) j["clocks"] = clock_json;
  return j;
}

std::size_t batch_size_for(double single_run_s, double target_s, std::size_t max_batch) {
  if (!(single_run_s > 0) || !(target_s > 0)) return 1;
  const double batch = std::ceil(target_s / single_run_s * (1 - 1e-12));  // 2e-3 / 1e-6 is 2000.0000000000002
  if (batch >= static_cast<double>(max_batch)) return std::max<std::size_t>(max_batch, 1);
  return std::max<std::size_t>(static_cast<std::size_t>(batch), 1);
}

std::size_t l2_flush_bytes(std::size_t l2_bytes) {
  constexpr std::size_t mib = std::size_t{1} << 20;
  const std::size_t wanted = std::max<std::size_t>(2 * l2_bytes, 8 * mib);
  return (wanted + mib - 1) / mib * mib;
}

}  // namespace crucible
