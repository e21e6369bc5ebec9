// Statistics against values computed independently (brute-force enumeration of every
// arrangement, and the textbook normal approximation with tie correction, as scipy does).
#include <gtest/gtest.h>

#include "compare/statistics.hpp"

namespace crucible::stats {
namespace {

TEST(Median, OddEvenAndUnsorted) {
  EXPECT_DOUBLE_EQ(median({3, 1, 2}), 2);
  EXPECT_DOUBLE_EQ(median({4, 1, 3, 2}), 2.5);
  EXPECT_DOUBLE_EQ(median({7}), 7);
  EXPECT_THROW(median({}), std::invalid_argument);
}

TEST(MannWhitney, ExactSmallSamples) {
  // scipy.stats.mannwhitneyu([1,2,3],[4,5,6]) -> U = 0, p = 0.1 (2 of 20 arrangements).
  auto r = mann_whitney({1, 2, 3}, {4, 5, 6});
  EXPECT_TRUE(r.exact);
  EXPECT_DOUBLE_EQ(r.statistic, 0);
  EXPECT_NEAR(r.p_value, 0.1, 1e-12);
  // Completely separated 5 vs 5: 2 / C(10,5) = 2/252.
  r = mann_whitney({1, 2, 3, 4, 5}, {6, 7, 8, 9, 10});
  EXPECT_NEAR(r.p_value, 2.0 / 252.0, 1e-12);
}

TEST(MannWhitney, TextbookExample) {
  // U = 17, exact two-sided p = 14/126 = 0.1111 (enumerated).
  const auto r = mann_whitney({19, 22, 16, 29, 24}, {20, 11, 17, 12});
  EXPECT_TRUE(r.exact);
  EXPECT_DOUBLE_EQ(r.statistic, 17);
  EXPECT_NEAR(r.p_value, 0.1111111111111111, 1e-12);
}

TEST(MannWhitney, InterleavedSamples) {
  const auto r = mann_whitney({1.1, 3.4, 2.2, 5.0, 4.1, 0.3}, {2.5, 6.1, 7.3, 3.9, 8.8});
  EXPECT_DOUBLE_EQ(r.statistic, 5);
  EXPECT_NEAR(r.p_value, 0.08225108225108226, 1e-12);
}

TEST(MannWhitney, TiesUseNormalApproximationWithTieCorrection) {
  // Ranks with ties averaged; sigma^2 = n1 n2 / 12 * ((N+1) - sum(t^3 - t) / (N (N-1))),
  // continuity correction 0.5: U = 7.5, p = 0.006373133838085877.
  const auto r = mann_whitney({1, 2, 2, 3, 3, 3, 4, 5}, {3, 4, 4, 5, 5, 6, 7, 7, 8});
  EXPECT_FALSE(r.exact);
  EXPECT_DOUBLE_EQ(r.statistic, 7.5);
  EXPECT_NEAR(r.p_value, 0.006373133838085877, 1e-12);
}

TEST(MannWhitney, SymmetricAndIdenticalSamples) {
  const std::vector<double> a{1.5, 2.5, 9, 4}, b{3, 7, 8, 5.5, 6};
  EXPECT_NEAR(mann_whitney(a, b).p_value, mann_whitney(b, a).p_value, 1e-12);
  EXPECT_NEAR(mann_whitney({1, 1, 1}, {1, 1, 1}).p_value, 1.0, 1e-12);
}

TEST(MannWhitney, LargeSamplesApproximate) {
  std::vector<double> a, b;
  for (int i = 0; i < 60; ++i) {
    a.push_back(i);
    b.push_back(i + 30.5);
  }
  const auto r = mann_whitney(a, b);
  EXPECT_FALSE(r.exact);
  EXPECT_LT(r.p_value, 1e-4);
}

TEST(WilcoxonSignedRank, ExactValues) {
  // scipy.stats.wilcoxon([1,2,3,4,5]) -> p = 0.0625.
  auto r = wilcoxon_signed_rank({1, 2, 3, 4, 5});
  EXPECT_TRUE(r.exact);
  EXPECT_NEAR(r.p_value, 0.0625, 1e-12);
  // Mixed signs, enumerated over all 2^8 sign patterns: W+ = 33, p = 10/256.
  r = wilcoxon_signed_rank({0.5, -0.2, 1.3, 0.8, -0.1, 0.9, 1.7, 0.4});
  EXPECT_DOUBLE_EQ(r.statistic, 33);
  EXPECT_NEAR(r.p_value, 0.0390625, 1e-12);
  // All zero: no evidence at all.
  EXPECT_DOUBLE_EQ(wilcoxon_signed_rank({0, 0, 0}).p_value, 1.0);
}

TEST(Bootstrap, SeededAndCoversTheTruth) {
  std::vector<double> a, b;
  for (int i = 0; i < 30; ++i) {
    a.push_back(100 + (i % 7));
    b.push_back(120 + (i % 7) * 1.2);
  }
  const auto first = bootstrap_median_ratio(a, b, 0.99, 1000, 42);
  const auto again = bootstrap_median_ratio(a, b, 0.99, 1000, 42);
  EXPECT_DOUBLE_EQ(first.low, again.low);
  EXPECT_DOUBLE_EQ(first.high, again.high);
  EXPECT_LE(first.low, 1.2);
  EXPECT_GE(first.high, 1.2);
  EXPECT_GT(first.low, 1.1);
  const auto m = bootstrap_median({1, 2, 3, 4, 5, 6, 7}, 0.95, 1000, 3);
  EXPECT_LE(m.low, 4);
  EXPECT_GE(m.high, 4);
}

}  // namespace
}  // namespace crucible::stats
