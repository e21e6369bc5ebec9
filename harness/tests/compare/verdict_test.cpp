// Verdicts on synthetic samples from a seeded RNG: known truth, no timing.
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include <crucible/exit_codes.hpp>

#include "compare/fingerprint.hpp"
#include "compare/results_comparison.hpp"

namespace crucible {
namespace {

std::vector<double> lognormal(std::mt19937_64& rng, int n, double centre, double cv) {
  std::normal_distribution<double> z(0, 1);
  std::vector<double> out;
  for (int i = 0; i < n; ++i) out.push_back(centre * std::exp(cv * z(rng)));
  return out;
}

TEST(Verdict, IdenticalDistributionsAreSame) {
  std::mt19937_64 rng(1);
  const auto a = lognormal(rng, 20, 100, 0.01), b = lognormal(rng, 20, 100, 0.01);
  const auto c = compare_samples(a, b, VerdictPolicy{});
  EXPECT_EQ(c.verdict, Verdict::same) << c.reason;
  EXPECT_NE(c.test.find("Mann-Whitney"), std::string::npos);
}

TEST(Verdict, TwentyPercentSlowerWithLowNoise) {
  std::mt19937_64 rng(2);
  const auto a = lognormal(rng, 10, 100, 0.01), b = lognormal(rng, 10, 120, 0.01);
  const auto c = compare_samples(a, b, VerdictPolicy{});
  EXPECT_EQ(c.verdict, Verdict::slower);
  EXPECT_NEAR(c.ratio, 1.2, 0.03);
  EXPECT_GT(c.interval.low, 1.0);
  EXPECT_LT(c.p_value, 0.01);
}

TEST(Verdict, TwentyPercentFaster) {
  std::mt19937_64 rng(3);
  const auto a = lognormal(rng, 10, 120, 0.01), b = lognormal(rng, 10, 100, 0.01);
  EXPECT_EQ(compare_samples(a, b, VerdictPolicy{}).verdict, Verdict::faster);
}

TEST(Verdict, HighNoiseIsInconclusive) {
  std::mt19937_64 rng(4);
  const auto a = lognormal(rng, 5, 100, 0.5), b = lognormal(rng, 5, 110, 0.5);
  const auto c = compare_samples(a, b, VerdictPolicy{});
  EXPECT_EQ(c.verdict, Verdict::inconclusive);
  EXPECT_FALSE(c.reason.empty());
}

TEST(Verdict, SignificantButBelowMinimumEffectIsSame) {
  std::mt19937_64 rng(5);
  const auto a = lognormal(rng, 30, 100, 0.002), b = lognormal(rng, 30, 102, 0.002);
  const auto c = compare_samples(a, b, VerdictPolicy{});
  EXPECT_LT(c.p_value, 0.01);
  EXPECT_EQ(c.verdict, Verdict::same);
  VerdictPolicy strict;
  strict.min_effect = 0.01;
  EXPECT_EQ(compare_samples(a, b, strict).verdict, Verdict::slower);
}

TEST(Verdict, TooFewRepetitionsSaysSo) {
  const auto c = compare_samples({100, 130}, {120, 90}, VerdictPolicy{});
  EXPECT_EQ(c.verdict, Verdict::inconclusive);
  EXPECT_NE(c.reason.find("repetitions"), std::string::npos);
}

TEST(PairedRounds, DriftCancelsAndSlowdownIsFound) {
  std::mt19937_64 rng(6);
  std::normal_distribution<double> z(0, 1);
  std::vector<double> a, b, a2, b2;
  double drift = 0;
  for (int r = 0; r < 12; ++r) {
    drift += 0.05 * z(rng);  // the machine slows down and speeds up by far more than 10 %
    a.push_back(100 * std::exp(drift + 0.01 * z(rng)));
    b.push_back(110 * std::exp(drift + 0.01 * z(rng)));
    a2.push_back(100 * std::exp(drift + 0.01 * z(rng)));
    b2.push_back(100 * std::exp(drift + 0.01 * z(rng)));
  }
  const auto slower = compare_rounds(a, b, VerdictPolicy{});
  EXPECT_EQ(slower.verdict, Verdict::slower) << slower.reason;
  EXPECT_NEAR(slower.ratio, 1.1, 0.02);
  EXPECT_NE(slower.test.find("Wilcoxon"), std::string::npos);
  EXPECT_EQ(compare_rounds(a2, b2, VerdictPolicy{}).verdict, Verdict::same);
  EXPECT_THROW(compare_rounds({1, 2}, {1}, VerdictPolicy{}), std::invalid_argument);
}

// A results document with one benchmark of `samples` (ns).
nlohmann::json results_with(const std::vector<double>& samples, int num_cpus, const char* status = "passed") {
  nlohmann::json doc = {{"schema", "crucible.results/1"},
                        {"suite", {{"name", "t"}, {"path", ""}}},
                        {"context", {{"num_cpus", num_cpus}, {"host_name", "any"}}},
                        {"cases", {{{"name", "p/w/v"}, {"status", status}}}},
                        {"benchmarks", nlohmann::json::array()}};
  for (std::size_t i = 0; i < samples.size(); ++i) {
    doc["benchmarks"].push_back({{"name", "p/w/v/n:1/min_time:0.050/repeats:9/real_time"},
                                 {"run_name", "p/w/v/n:1/min_time:0.050/repeats:9/real_time"},
                                 {"run_type", "iteration"},
                                 {"repetition_index", i},
                                 {"real_time", samples[i] / 1000.0},
                                 {"time_unit", "us"},
                                 {"case", "p/w/v"},
                                 {"params", {{"n", 1}}}});
  }
  doc["benchmarks"].push_back({{"name", "p/w/v/n:1/min_time:0.050/repeats:9/real_time_median"},
                               {"run_name", "p/w/v/n:1/min_time:0.050/repeats:9/real_time"},
                               {"run_type", "aggregate"},
                               {"aggregate_name", "median"},
                               {"real_time", 1e9},
                               {"time_unit", "ns"}});
  return doc;
}

TEST(ResultsComparison, RegressionGivesExitCodeFour) {
  std::mt19937_64 rng(7);
  const auto base = results_with(lognormal(rng, 9, 1000, 0.01), 2);
  const auto next = results_with(lognormal(rng, 9, 1300, 0.01), 2);
  const auto c = compare_results(base, next, VerdictPolicy{});
  ASSERT_EQ(c.rows.size(), 1u);
  EXPECT_EQ(c.rows[0].name, "p/w/v/n:1");
  EXPECT_EQ(c.rows[0].result.base_count, 9u);  // the aggregate row is not a sample
  EXPECT_NEAR(c.rows[0].base_median_ns, 1000, 30);
  EXPECT_EQ(c.rows[0].result.verdict, Verdict::slower);
  EXPECT_EQ(c.exit_code(GatePolicy{}), exit_code::regression);
  // Correctness outranks the regression.
  const auto broken = results_with(lognormal(rng, 9, 1300, 0.01), 2, "failed");
  EXPECT_EQ(compare_results(base, broken, VerdictPolicy{}).exit_code(GatePolicy{}), exit_code::correctness);
}

TEST(ResultsComparison, DifferentHardwareIsNotComparableNeverARegression) {
  std::mt19937_64 rng(8);
  const auto base = results_with(lognormal(rng, 9, 1000, 0.01), 2);
  const auto next = results_with(lognormal(rng, 9, 2000, 0.01), 16);
  const auto c = compare_results(base, next, VerdictPolicy{});
  EXPECT_NE(c.base_fingerprint, c.new_fingerprint);
  EXPECT_EQ(c.rows[0].result.verdict, Verdict::not_comparable);
  EXPECT_NE(c.fingerprint_note.find("num_cpus"), std::string::npos);
  EXPECT_EQ(c.exit_code(GatePolicy{}), exit_code::ok);
}

TEST(ResultsComparison, InconclusiveOnlyFollowsThePolicy) {
  std::mt19937_64 rng(9);
  const auto base = results_with(lognormal(rng, 4, 1000, 0.4), 2);
  const auto next = results_with(lognormal(rng, 4, 1100, 0.4), 2);
  const auto c = compare_results(base, next, VerdictPolicy{});
  ASSERT_EQ(c.rows[0].result.verdict, Verdict::inconclusive);
  GatePolicy policy;
  EXPECT_EQ(c.exit_code(policy), exit_code::ok);
  policy.fail_on_inconclusive = true;
  EXPECT_EQ(c.exit_code(policy), exit_code::inconclusive);
}

// A GPU benchmark reports aggregates only; its samples travel on the median entry.
nlohmann::json gpu_results_with(const std::vector<double>& samples_ns, const std::vector<double>& sm_mhz = {}) {
  auto doc = results_with({}, 2);
  doc["benchmarks"] = nlohmann::json::array();
  for (const char* aggregate : {"mean", "median", "stddev"}) {
    nlohmann::json entry = {{"name", std::string("p/w/cuda/n:1/timing:cold/iterations:1/repeats:9/manual_time_") + aggregate},
                            {"run_name", "p/w/cuda/n:1/timing:cold/iterations:1/repeats:9/manual_time"},
                            {"run_type", "aggregate"},
                            {"aggregate_name", aggregate},
                            {"real_time", 1.0},
                            {"time_unit", "us"},
                            {"timer", "cuda_events"}};
    if (std::string(aggregate) == "median") {
      entry["samples_ns"] = samples_ns;
      if (!sm_mhz.empty()) entry["samples_sm_mhz"] = sm_mhz;
    }
    doc["benchmarks"].push_back(entry);
  }
  return doc;
}

TEST(ResultsComparison, GpuSamplesOnTheMedianEntryAreCompared) {
  std::mt19937_64 rng(10);
  const auto base = gpu_results_with(lognormal(rng, 40, 1000, 0.01));
  const auto next = gpu_results_with(lognormal(rng, 40, 1250, 0.01));
  const auto c = compare_results(base, next, VerdictPolicy{});
  ASSERT_EQ(c.rows.size(), 1u);
  EXPECT_EQ(c.rows[0].name, "p/w/cuda/n:1/timing:cold");
  EXPECT_EQ(c.rows[0].result.base_count, 40u);  // the samples, not the aggregates
  EXPECT_NEAR(c.rows[0].base_median_ns, 1000, 30);
  EXPECT_EQ(c.rows[0].result.verdict, Verdict::slower);
  EXPECT_EQ(compare_results(base, base, VerdictPolicy{}).rows[0].result.verdict, Verdict::same);
}

// A compute-bound kernel at 1755 MHz instead of 1980 takes 12.8 % longer with the same code:
// slower in time, the same in cycles, so not a regression. Slower in both is one.
TEST(ResultsComparison, GpuSlowdownMustHoldInSmCyclesToCount) {
  std::mt19937_64 rng(11);
  const auto base_ns = lognormal(rng, 40, 1000, 0.005);
  const std::vector<double> fast_clock(40, 1980.0), slow_clock(40, 1755.0);
  std::vector<double> clocked_ns;
  for (double ns : lognormal(rng, 40, 1000, 0.005)) clocked_ns.push_back(ns * 1980.0 / 1755.0);
  const auto base = gpu_results_with(base_ns, fast_clock);

  const auto clock_moved = compare_results(base, gpu_results_with(clocked_ns, slow_clock), VerdictPolicy{});
  ASSERT_EQ(clock_moved.rows.size(), 1u);
  const auto& row = clock_moved.rows[0];
  ASSERT_TRUE(row.cycles.has_value());
  EXPECT_EQ(row.cycles->verdict, Verdict::same);
  EXPECT_EQ(row.result.verdict, Verdict::inconclusive);
  EXPECT_NE(row.result.reason.find("slower in time (+12."), std::string::npos) << row.result.reason;
  EXPECT_NE(row.result.reason.find("1980 MHz -> 1755 MHz"), std::string::npos) << row.result.reason;
  EXPECT_EQ(clock_moved.exit_code(GatePolicy{}), exit_code::ok);
  EXPECT_EQ(clock_moved.to_json()["rows"][0]["cycles"]["verdict"], "same");

  // The same slowdown at an unchanged clock is a regression.
  const auto regressed = compare_results(base, gpu_results_with(clocked_ns, fast_clock), VerdictPolicy{});
  EXPECT_EQ(regressed.rows[0].result.verdict, Verdict::slower);
  EXPECT_EQ(regressed.rows[0].cycles->verdict, Verdict::slower);
  EXPECT_EQ(regressed.exit_code(GatePolicy{}), exit_code::regression);

  // Without clocks on one side, time alone decides.
  const auto unclocked = compare_results(base, gpu_results_with(clocked_ns), VerdictPolicy{});
  EXPECT_FALSE(unclocked.rows[0].cycles.has_value());
  EXPECT_EQ(unclocked.rows[0].result.verdict, Verdict::slower);
}

TEST(ResultsComparison, SameHostNameIrrelevantAndSettingsStripped) {
  auto a = results_with({1, 2, 3}, 4), b = results_with({1, 2, 3}, 4);
  b["context"]["host_name"] = "another-runner";
  b["context"]["mhz_per_cpu"] = 3000;
  EXPECT_EQ(hardware_fingerprint(a), hardware_fingerprint(b));
  EXPECT_EQ(benchmark_key("k/m/v/n:10/threads:2/min_time:0.010/repeats:5/real_time"), "k/m/v/n:10/threads:2");
  EXPECT_EQ(benchmark_key("plain"), "plain");
}

}  // namespace
}  // namespace crucible
