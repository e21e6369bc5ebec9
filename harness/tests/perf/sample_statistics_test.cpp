#include <gtest/gtest.h>

#include "timing/sample_statistics.hpp"

namespace crucible {
namespace {

TEST(SampleStatistics, EmptyIsAllZero) {
  const auto s = compute_statistics({});
  EXPECT_EQ(s.count, 0u);
  EXPECT_EQ(s.mean, 0);
  EXPECT_EQ(s.rel_noise, 0);
}

TEST(SampleStatistics, KnownValues) {
  // 2, 4, 4, 4, 5, 5, 7, 9: mean 5, sample stddev sqrt(32/7).
  const auto s = compute_statistics({9, 4, 2, 4, 5, 4, 7, 5});
  EXPECT_EQ(s.count, 8u);
  EXPECT_DOUBLE_EQ(s.mean, 5.0);
  EXPECT_NEAR(s.stddev, std::sqrt(32.0 / 7.0), 1e-12);
  EXPECT_NEAR(s.rel_noise, std::sqrt(32.0 / 7.0) / 5.0, 1e-12);
  EXPECT_DOUBLE_EQ(s.median, 4.5);
  EXPECT_DOUBLE_EQ(s.min, 2);
  EXPECT_DOUBLE_EQ(s.max, 9);
  EXPECT_DOUBLE_EQ(s.q1, 4.0);   // position 1.75 between 4 and 4
  EXPECT_DOUBLE_EQ(s.q3, 5.5);   // position 5.25 between 5 and 7
}

TEST(SampleStatistics, SingleSampleHasNoSpread) {
  const auto s = compute_statistics({3.0});
  EXPECT_EQ(s.stddev, 0);
  EXPECT_EQ(s.median, 3.0);
  EXPECT_EQ(s.q1, 3.0);
}

TEST(SampleStatistics, QuantileInterpolates) {
  EXPECT_DOUBLE_EQ(sorted_quantile({0, 10}, 0.25), 2.5);
  EXPECT_DOUBLE_EQ(sorted_quantile({0, 10}, 2.0), 10);  // clamped
  EXPECT_DOUBLE_EQ(sorted_quantile({}, 0.5), 0);
}

TEST(SampleStatistics, JsonNamesTheFields) {
  const auto j = compute_statistics({1, 2, 3}).to_json();
  EXPECT_EQ(j["count"], 3);
  EXPECT_DOUBLE_EQ(j["median"].get<double>(), 2.0);
  EXPECT_TRUE(j.contains("rel_noise"));
}

}  // namespace
}  // namespace crucible
