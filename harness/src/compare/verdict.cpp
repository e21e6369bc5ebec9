#include "compare/verdict.hpp"

#include <cmath>
#include <stdexcept>

namespace crucible {

std::string to_string(Verdict v) {
  switch (v) {
    case Verdict::faster: return "faster";
    case Verdict::slower: return "slower";
    case Verdict::same: return "same";
    case Verdict::inconclusive: return "inconclusive";
    case Verdict::not_comparable: return "not comparable";
  }
  return "?";
}

namespace {

// The decision shared by both designs, from the test's p-value, the ratio and its interval.
void decide(SampleComparison& c, const VerdictPolicy& policy) {
  const double upper_band = 1.0 + policy.min_effect;
  const double lower_band = 1.0 / upper_band;
  const bool significant = c.p_value < policy.alpha;
  if (significant && c.ratio > upper_band && c.interval.low > 1.0) {
    c.verdict = Verdict::slower;
  } else if (significant && c.ratio < lower_band && c.interval.high < 1.0) {
    c.verdict = Verdict::faster;
  } else if (c.interval.low >= lower_band && c.interval.high <= upper_band) {
    c.verdict = Verdict::same;
  } else if (significant && c.ratio <= upper_band && c.ratio >= lower_band) {
    // A real but small change: below the effect that counts.
    c.verdict = Verdict::same;
  } else {
    c.verdict = Verdict::inconclusive;
    char text[200];
    std::snprintf(text, sizeof text, "p = %.3g and interval [%.3f, %.3f] neither excludes nor rules out a %.0f%% change",
                  c.p_value, c.interval.low, c.interval.high, policy.min_effect * 100);
    c.reason = text;
  }
}

}  // namespace

SampleComparison compare_samples(const std::vector<double>& base, const std::vector<double>& next,
                                 const VerdictPolicy& policy) {
  SampleComparison c;
  c.base_count = base.size();
  c.new_count = next.size();
  if (base.empty() || next.empty()) {
    c.verdict = Verdict::inconclusive;
    c.reason = "no samples on one side";
    return c;
  }
  const auto test = stats::mann_whitney(base, next);
  c.test = std::string("Mann-Whitney U (") + (test.exact ? "exact" : "normal approximation") + ")";
  c.p_value = test.p_value;
  const double mb = stats::median(base);
  c.ratio = mb > 0 ? stats::median(next) / mb : 1.0;
  c.interval = stats::bootstrap_median_ratio(base, next, policy.confidence, policy.resamples, policy.seed);
  decide(c, policy);
  if (c.verdict == Verdict::inconclusive && (base.size() < 3 || next.size() < 3)) {
    c.reason = "too few repetitions (" + std::to_string(base.size()) + " vs " + std::to_string(next.size()) +
               "); raise [bench] repetitions to at least 5";
  }
  return c;
}

SampleComparison compare_rounds(const std::vector<double>& a, const std::vector<double>& b, const VerdictPolicy& policy) {
  if (a.size() != b.size()) throw std::invalid_argument("paired rounds need as many A as B samples");
  SampleComparison c;
  c.base_count = a.size();
  c.new_count = b.size();
  std::vector<double> ratios, logs;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i] <= 0 || b[i] <= 0) continue;
    ratios.push_back(b[i] / a[i]);
    logs.push_back(std::log(b[i] / a[i]));
  }
  if (ratios.empty()) {
    c.verdict = Verdict::inconclusive;
    c.reason = "no complete rounds";
    return c;
  }
  const auto test = stats::wilcoxon_signed_rank(logs);
  c.test = std::string("Wilcoxon signed-rank on per-round log ratios (") + (test.exact ? "exact" : "normal approximation") + ")";
  c.p_value = test.p_value;
  c.ratio = stats::median(ratios);
  c.interval = stats::bootstrap_median(ratios, policy.confidence, policy.resamples, policy.seed);
  decide(c, policy);
  if (c.verdict == Verdict::inconclusive && ratios.size() < 6) {
    c.reason = "too few rounds (" + std::to_string(ratios.size()) + "); use --rounds 8 or more";
  }
  return c;
}

}  // namespace crucible
