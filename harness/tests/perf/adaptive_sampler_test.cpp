#include <gtest/gtest.h>

#include "timing/adaptive_sampler.hpp"

namespace crucible {
namespace {

// A fake clock: each sample advances time by the sample's own value plus overhead.
struct FakeTime {
  double t = 0;
  double now() const { return t; }
};

TEST(StoppingRule, NoiseStopsOnlyAfterMinSamplesAndMinTime) {
  StoppingRule rule;
  rule.min_samples = 5;
  rule.noise_target = 0.01;
  rule.min_time_s = 0.0;
  rule.time_budget_s = 100;
  std::vector<double> same(4, 1.0);
  EXPECT_EQ(should_stop(rule, same, 4, 1, 4), StopCriterion::none);
  same.push_back(1.0);
  EXPECT_EQ(should_stop(rule, same, 5, 1, 5), StopCriterion::noise);
  rule.min_time_s = 10;
  EXPECT_EQ(should_stop(rule, same, 5, 1, 5), StopCriterion::none);  // not enough measured time yet
}

TEST(StoppingRule, BudgetAndCapStopNoisySamples) {
  StoppingRule rule;
  rule.min_samples = 2;
  rule.noise_target = 0.001;
  rule.time_budget_s = 1.0;
  rule.max_samples = 50;
  const std::vector<double> noisy = {1, 2, 1, 2};
  EXPECT_EQ(should_stop(rule, noisy, 4, 0.5, 6), StopCriterion::none);
  EXPECT_EQ(should_stop(rule, noisy, 4, 1.0, 6), StopCriterion::time_budget);
  EXPECT_EQ(should_stop(rule, noisy, 50, 0.5, 6), StopCriterion::max_samples);
}

TEST(AdaptiveSampler, SteadySamplesStopByNoiseAtMinSamples) {
  FakeTime time;
  SamplerSources sources;
  sources.sample = [&] { time.t += 0.001; return 0.001; };
  sources.now = [&] { return time.now(); };
  StoppingRule rule;
  rule.min_samples = 10;
  const SampledRun run = run_adaptive(sources, rule, ThrottlePolicy{});
  EXPECT_EQ(run.stopped_by, StopCriterion::noise);
  EXPECT_EQ(run.samples.size(), 10u);
  EXPECT_EQ(run.throttled_count, 0u);
  EXPECT_DOUBLE_EQ(run.stats.median, 0.001);
  EXPECT_EQ(run.to_json()["stopped_by"], "noise");
}

// A hot sample of 100 runs of 10 us each is 1 ms of measured time, not 10 us: min_time is
// reached after 50 samples, not 5000.
TEST(AdaptiveSampler, MinTimeCountsEveryRunOfABatchedSample) {
  FakeTime time;
  SamplerSources sources;
  sources.sample = [&] { time.t += 0.001; return 1e-5; };
  sources.now = [&] { return time.now(); };
  sources.runs_per_sample = 100;
  StoppingRule rule;
  rule.min_samples = 10;
  rule.min_time_s = 0.05;
  rule.time_budget_s = 100;
  const SampledRun run = run_adaptive(sources, rule, ThrottlePolicy{});
  EXPECT_EQ(run.stopped_by, StopCriterion::noise);
  EXPECT_NEAR(static_cast<double>(run.samples.size()), 50, 1);
}

TEST(AdaptiveSampler, NoisySamplesStopByTimeBudget) {
  FakeTime time;
  int i = 0;
  SamplerSources sources;
  sources.sample = [&] { time.t += 0.01; return (i++ % 2) ? 0.002 : 0.001; };
  sources.now = [&] { return time.now(); };
  StoppingRule rule;
  rule.time_budget_s = 0.5;
  const SampledRun run = run_adaptive(sources, rule, ThrottlePolicy{});
  EXPECT_EQ(run.stopped_by, StopCriterion::time_budget);
  EXPECT_NEAR(static_cast<double>(run.samples.size()), 50, 1);
}

TEST(AdaptiveSampler, ThrottledSamplesAreFlaggedAndExcluded) {
  FakeTime time;
  int i = 0;
  SamplerSources sources;
  // Every third sample is slow and taken at a low clock.
  sources.sample = [&] { time.t += 0.001; return (i % 3 == 2) ? 0.005 : 0.001; };
  sources.clock = [&]() -> std::optional<ClockReading> {
    const bool slow = (i++ % 3 == 2);
    return ClockReading{slow ? 900.0 : 1980.0, slow ? nvml_reason::hw_thermal_slowdown : 0};
  };
  sources.now = [&] { return time.now(); };
  ThrottlePolicy policy;
  policy.reference_clock_mhz = 1980;
  StoppingRule rule;
  rule.min_samples = 10;
  const SampledRun run = run_adaptive(sources, rule, policy);
  EXPECT_EQ(run.stopped_by, StopCriterion::noise);  // the slow ones do not count as noise
  EXPECT_GT(run.throttled_count, 0u);
  EXPECT_EQ(run.kept.size() + run.throttled_count, run.samples.size());
  EXPECT_DOUBLE_EQ(run.stats.max, 0.001);
  EXPECT_FALSE(run.all_throttled);
  const auto j = run.to_json();
  EXPECT_EQ(j["samples_throttled"], run.throttled_count);
  EXPECT_TRUE(j["clocks"][2]["throttled"].get<bool>());
}

TEST(AdaptiveSampler, AllThrottledKeepsEverySampleAndSaysSo) {
  FakeTime time;
  SamplerSources sources;
  sources.sample = [&] { time.t += 0.1; return 0.001; };
  sources.clock = [] { return std::optional<ClockReading>(ClockReading{500, 0}); };
  sources.now = [&] { return time.now(); };
  ThrottlePolicy policy;
  policy.reference_clock_mhz = 1980;
  StoppingRule rule;
  rule.time_budget_s = 1.0;
  const SampledRun run = run_adaptive(sources, rule, policy);
  EXPECT_EQ(run.stopped_by, StopCriterion::time_budget);
  EXPECT_TRUE(run.all_throttled);
  EXPECT_EQ(run.kept.size(), run.samples.size());
}

TEST(BatchSize, CoversTargetTime) {
  EXPECT_EQ(batch_size_for(1e-6, 2e-3), 2000u);
  EXPECT_EQ(batch_size_for(5e-3, 2e-3), 1u);
  EXPECT_EQ(batch_size_for(0, 2e-3), 1u);
  EXPECT_EQ(batch_size_for(1e-9, 1.0, 10000), 10000u);
}

TEST(L2Flush, BufferIsLargerThanL2AndWholeMiB) {
  const std::size_t mib = 1 << 20;
  EXPECT_EQ(l2_flush_bytes(50 * mib), 100 * mib);  // H100: 50 MiB L2
  EXPECT_EQ(l2_flush_bytes(0), 8 * mib);
  EXPECT_EQ(l2_flush_bytes(6 * mib + 1), 13 * mib);  // 2x rounded up
  for (std::size_t l2 : {std::size_t{1}, 40 * mib, 60 * mib + 12345}) {
    EXPECT_GT(l2_flush_bytes(l2), l2);
    EXPECT_EQ(l2_flush_bytes(l2) % mib, 0u);
  }
}

}  // namespace
}  // namespace crucible
