#include <gtest/gtest.h>

#include "perf/benchmark_entries.hpp"
#include "perf/peak_use.hpp"

namespace crucible {
namespace {

TEST(PeakUse, MemoryBoundCopy) {
  // 1 GB in 1 ms = 1 TB/s against a 2 TB/s peak.
  const auto use = peak_use(1e9, 0, 1e-3, Peaks{2e12, 50e12, "test"});
  ASSERT_TRUE(use.bandwidth_percent);
  EXPECT_DOUBLE_EQ(*use.bandwidth_percent, 50);
  EXPECT_FALSE(use.compute_percent);
  EXPECT_EQ(use.bound, "memory");
}

TEST(PeakUse, ComputeBoundAndLatencyBound) {
  const auto gemm = peak_use(1e6, 40e9, 1e-3, Peaks{2e12, 50e12, ""});  // 40 TFLOP/s of 50
  EXPECT_EQ(gemm.bound, "compute");
  EXPECT_DOUBLE_EQ(*gemm.compute_percent, 80);
  const auto tiny = peak_use(1e3, 1e3, 1e-5, Peaks{2e12, 50e12, ""});
  EXPECT_EQ(tiny.bound, "latency");
}

TEST(PeakUse, UnknownPeaksOrTimeGiveNothing) {
  EXPECT_TRUE(peak_use(1e9, 1e9, 1e-3, Peaks{}).bound.empty());
  EXPECT_TRUE(peak_use(1e9, 1e9, 0, Peaks{1, 1, ""}).bound.empty());
  EXPECT_TRUE(peak_use(1e9, 1e9, 1e-3, Peaks{}).to_json().empty());
}

TEST(BenchmarkEntries, SecondsFollowTimeUnitAndSkipRatios) {
  EXPECT_DOUBLE_EQ(*entry_seconds({{"real_time", 2.0}, {"time_unit", "ms"}}), 2e-3);
  EXPECT_DOUBLE_EQ(*entry_seconds({{"real_time", 5.0}, {"time_unit", "ns"}}), 5e-9);
  EXPECT_FALSE(entry_seconds({{"real_time", 0.1}, {"aggregate_name", "cv"}, {"aggregate_unit", "percentage"}}));
  EXPECT_FALSE(entry_seconds({{"real_time", 0.1}, {"aggregate_name", "stddev"}}));
  EXPECT_FALSE(entry_seconds({{"error_occurred", true}}));
}

TEST(BenchmarkEntries, PercentOfPeakAddedToTimingEntries) {
  nlohmann::json entries = nlohmann::json::array(
      {{{"name", "a"}, {"real_time", 1.0}, {"time_unit", "ms"}, {"run_type", "aggregate"}, {"aggregate_name", "median"}},
       {{"name", "a"}, {"real_time", 0.1}, {"aggregate_name", "cv"}, {"aggregate_unit", "percentage"}}});
  add_percent_of_peak(entries, crucible_work{1e9, 0, CRUCIBLE_OPS_FP32}, Peaks{2e12, 0, "unit test"});
  ASSERT_TRUE(entries[0].contains("percent_of_peak"));
  EXPECT_DOUBLE_EQ(entries[0]["percent_of_peak"]["memory_bandwidth"].get<double>(), 50);
  EXPECT_EQ(entries[0]["percent_of_peak"]["bound"], "memory");
  EXPECT_EQ(entries[0]["percent_of_peak"]["basis"], "unit test");
  EXPECT_FALSE(entries[1].contains("percent_of_peak"));
  nlohmann::json untouched = entries;
  add_percent_of_peak(untouched, crucible_work{1e9, 0, CRUCIBLE_OPS_FP32}, std::nullopt);
  EXPECT_EQ(untouched, entries);
}

}  // namespace
}  // namespace crucible
