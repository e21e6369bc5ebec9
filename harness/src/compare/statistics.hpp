#pragma once
// The statistics the verdicts rest on: medians, Mann-Whitney U (exact distribution for small
// samples without ties, normal approximation with tie and continuity correction otherwise),
// Wilcoxon signed-rank for paired ratios, and seeded bootstrap confidence intervals.
#include <cstdint>
#include <vector>

namespace crucible::stats {

double median(std::vector<double> values);

struct TestResult {
  double statistic = 0;  // U of the first sample, or W+ for the signed-rank test
  double p_value = 1;    // two-sided
  bool exact = false;    // exact distribution (true) or normal approximation
};

// Two-sided Mann-Whitney U test of a against b. Exact when both samples have at most 50
// values and there are no ties; otherwise the normal approximation with tie correction and
// continuity correction (as scipy.stats.mannwhitneyu, method="auto"/"asymptotic").
TestResult mann_whitney(const std::vector<double>& a, const std::vector<double>& b);

// Two-sided Wilcoxon signed-rank test that the differences are centred on zero. Zeros are
// dropped; exact for n <= 50 without ties, otherwise normal approximation with tie correction.
TestResult wilcoxon_signed_rank(const std::vector<double>& differences);

struct Interval {
  double low = 0;
  double high = 0;
};

// Percentile bootstrap interval of median(b) / median(a), resampling each sample independently.
Interval bootstrap_median_ratio(const std::vector<double>& a, const std::vector<double>& b, double confidence,
                                int resamples, std::uint64_t seed);

// Percentile bootstrap interval of the median of one sample (e.g. per-round ratios).
Interval bootstrap_median(const std::vector<double>& values, double confidence, int resamples, std::uint64_t seed);

}  // namespace crucible::stats
