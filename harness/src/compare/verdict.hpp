#pragma once
// Verdicts of a benchmark comparison: faster, slower, same, inconclusive, or not comparable
// (different hardware). Slower and faster need significance AND an effect above the minimum
// that counts; same needs the confidence interval inside the minimum effect band.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "compare/statistics.hpp"

namespace crucible {

enum class Verdict { faster, slower, same, inconclusive, not_comparable };

std::string to_string(Verdict v);

struct VerdictPolicy {
  double alpha = 0.01;        // significance level of the test
  double min_effect = 0.05;   // relative change that counts (5 %)
  double confidence = 0.99;   // bootstrap interval level
  int resamples = 2000;       // bootstrap resamples
  std::uint64_t seed = 1;     // bootstrap RNG seed (results are reproducible)
};

struct SampleComparison {
  Verdict verdict = Verdict::inconclusive;
  std::string test;            // e.g. "Mann-Whitney U (exact)" or "Wilcoxon signed-rank on per-round log ratios"
  double p_value = 1;
  double ratio = 1;            // new / base of the medians (time: > 1 is slower)
  stats::Interval interval{1, 1};  // bootstrap interval of the ratio
  std::size_t base_count = 0;
  std::size_t new_count = 0;
  std::string reason;          // why inconclusive or not comparable, one line
};

// Independent samples (e.g. Google Benchmark repetitions of two runs): Mann-Whitney U plus a
// bootstrap interval of the median ratio.
SampleComparison compare_samples(const std::vector<double>& base, const std::vector<double>& next,
                                 const VerdictPolicy& policy);

// Paired rounds (A/B interleaved): per-round ratios b/a; Wilcoxon signed-rank on their logs
// plus a bootstrap interval of their median.
SampleComparison compare_rounds(const std::vector<double>& a, const std::vector<double>& b, const VerdictPolicy& policy);

}  // namespace crucible
