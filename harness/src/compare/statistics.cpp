#include "compare/statistics.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>
#include <stdexcept>

namespace crucible::stats {

namespace {

constexpr std::size_t kExactLimit = 50;

double normal_two_sided(double z) { return std::erfc(std::fabs(z) / std::sqrt(2.0)); }

// Average ranks (1-based) of values; ties get the mean of their ranks. Returns sum(t^3 - t)
// over tie groups through tie_term.
std::vector<double> ranks(const std::vector<double>& values, double& tie_term) {
  std::vector<std::size_t> order(values.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](std::size_t i, std::size_t j) { return values[i] < values[j]; });
  std::vector<double> r(values.size());
  tie_term = 0;
  for (std::size_t i = 0; i < order.size();) {
    std::size_t j = i;
    while (j + 1 < order.size() && values[order[j + 1]] == values[order[i]]) ++j;
    const double rank = (static_cast<double>(i) + static_cast<double>(j)) / 2.0 + 1.0;
    for (std::size_t k = i; k <= j; ++k) r[order[k]] = rank;
    const double t = static_cast<double>(j - i + 1);
    tie_term += t * t * t - t;
    i = j + 1;
  }
  return r;
}

// Number of arrangements with U = u for sample sizes (m, n), for every u: f(m, n, u) =
// f(m-1, n, u-n) + f(m, n-1, u), as a distribution (divided by C(m+n, m)).
std::vector<double> u_distribution(std::size_t m, std::size_t n) {
  // table[j][u] for the current i (rows over n), built up over i = 0..m.
  const std::size_t max_u = m * n;
  std::vector<std::vector<double>> prev(n + 1, std::vector<double>(max_u + 1, 0.0));
  for (std::size_t j = 0; j <= n; ++j) prev[j][0] = 1.0;  // i = 0: only U = 0
  for (std::size_t i = 1; i <= m; ++i) {
    std::vector<std::vector<double>> cur(n + 1, std::vector<double>(max_u + 1, 0.0));
    cur[0][0] = 1.0;
    for (std::size_t j = 1; j <= n; ++j) {
      // Probabilities: the largest value belongs to sample one (prob i/(i+j)) or two.
      const double p1 = static_cast<double>(i) / static_cast<double>(i + j);
      for (std::size_t u = 0; u <= i * j; ++u) {
        double v = (1.0 - p1) * cur[j - 1][u];
        if (u >= j) v += p1 * prev[j][u - j];
        cur[j][u] = v;
      }
    }
    prev = std::move(cur);
  }
  return prev[n];
}

}  // namespace

double median(std::vector<double> values) {
  if (values.empty()) throw std::invalid_argument("median of no values");
  const std::size_t mid = values.size() / 2;
  std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(mid), values.end());
  const double upper = values[mid];
  if (values.size() % 2 == 1) return upper;
  const double lower = *std::max_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(mid));
  return (lower + upper) / 2.0;
}

TestResult mann_whitney(const std::vector<double>& a, const std::vector<double>& b) {
  if (a.empty() || b.empty()) throw std::invalid_argument("Mann-Whitney U needs two non-empty samples");
  std::vector<double> all(a);
  all.insert(all.end(), b.begin(), b.end());
  double tie_term = 0;
  const auto r = ranks(all, tie_term);
  const double m = static_cast<double>(a.size()), n = static_cast<double>(b.size());
  const double rank_sum_a = std::accumulate(r.begin(), r.begin() + static_cast<std::ptrdiff_t>(a.size()), 0.0);
  const double u1 = rank_sum_a - m * (m + 1) / 2.0;
  TestResult result;
  result.statistic = u1;
  if (tie_term == 0 && a.size() <= kExactLimit && b.size() <= kExactLimit) {
    const auto dist = u_distribution(a.size(), b.size());
    const double u_max = std::max(u1, m * n - u1);
    // P(U >= u_max), doubled (the distribution is symmetric).
    double tail = 0;
    for (std::size_t u = static_cast<std::size_t>(std::llround(u_max)); u < dist.size(); ++u) tail += dist[u];
    result.p_value = std::min(1.0, 2.0 * tail);
    result.exact = true;
    return result;
  }
  const double total = m + n;
  const double mean = m * n / 2.0;
  const double variance = m * n / 12.0 * ((total + 1.0) - tie_term / (total * (total - 1.0)));
  if (variance <= 0) {
    result.p_value = 1.0;
    return result;
  }
  const double u_max = std::max(u1, m * n - u1);
  const double z = (u_max - mean - 0.5) / std::sqrt(variance);
  result.p_value = std::min(1.0, normal_two_sided(z));
  return result;
}

TestResult wilcoxon_signed_rank(const std::vector<double>& differences) {
  std::vector<double> d;
  for (double x : differences) {
    if (x != 0.0) d.push_back(x);
  }
  TestResult result;
  if (d.empty()) return result;
  std::vector<double> magnitude(d.size());
  for (std::size_t i = 0; i < d.size(); ++i) magnitude[i] = std::fabs(d[i]);
  double tie_term = 0;
  const auto r = ranks(magnitude, tie_term);
  double w_plus = 0;
  for (std::size_t i = 0; i < d.size(); ++i) {
    if (d[i] > 0) w_plus += r[i];
  }
  const std::size_t n = d.size();
  const double nd = static_cast<double>(n);
  const double total = nd * (nd + 1) / 2.0;
  result.statistic = w_plus;
  if (tie_term == 0 && n <= kExactLimit) {
    // Counts of subsets of {1..n} by their sum, as probabilities.
    std::vector<double> dist(static_cast<std::size_t>(total) + 1, 0.0);
    dist[0] = 1.0;
    for (std::size_t k = 1; k <= n; ++k) {
      for (std::size_t s = dist.size() - 1; s >= k; --s) dist[s] = (dist[s] + dist[s - k]);
    }
    const double scale = std::pow(2.0, -nd);
    const double w_max = std::max(w_plus, total - w_plus);
    double tail = 0;
    for (std::size_t s = static_cast<std::size_t>(std::llround(w_max)); s < dist.size(); ++s) tail += dist[s] * scale;
    result.p_value = std::min(1.0, 2.0 * tail);
    result.exact = true;
    return result;
  }
  const double mean = total / 2.0;
  const double variance = nd * (nd + 1) * (2 * nd + 1) / 24.0 - tie_term / 48.0;
  if (variance <= 0) return result;
  const double z = (std::max(w_plus, total - w_plus) - mean - 0.5) / std::sqrt(variance);
  result.p_value = std::min(1.0, normal_two_sided(z));
  return result;
}

namespace {

Interval percentile_interval(std::vector<double>& estimates, double confidence) {
  std::sort(estimates.begin(), estimates.end());
  const double tail = (1.0 - confidence) / 2.0;
  auto at = [&](double q) {
    const double pos = q * static_cast<double>(estimates.size() - 1);
    const auto lo = static_cast<std::size_t>(std::floor(pos));
    const auto hi = std::min(lo + 1, estimates.size() - 1);
    const double frac = pos - static_cast<double>(lo);
    return estimates[lo] * (1 - frac) + estimates[hi] * frac;
  };
  return {at(tail), at(1.0 - tail)};
}

std::vector<double> resample(const std::vector<double>& x, std::mt19937_64& rng) {
  std::uniform_int_distribution<std::size_t> pick(0, x.size() - 1);
  std::vector<double> out(x.size());
  for (auto& v : out) v = x[pick(rng)];
  return out;
}

}  // namespace

Interval bootstrap_median_ratio(const std::vector<double>& a, const std::vector<double>& b, double confidence,
                                int resamples, std::uint64_t seed) {
  if (a.empty() || b.empty()) throw std::invalid_argument("bootstrap needs two non-empty samples");
  std::mt19937_64 rng(seed);
  std::vector<double> estimates;
  estimates.reserve(static_cast<std::size_t>(resamples));
  for (int i = 0; i < resamples; ++i) {
    const double ma = median(resample(a, rng));
    const double mb = median(resample(b, rng));
    estimates.push_back(ma > 0 ? mb / ma : 1.0);
  }
  return percentile_interval(estimates, confidence);
}

Interval bootstrap_median(const std::vector<double>& values, double confidence, int resamples, std::uint64_t seed) {
  if (values.empty()) throw std::invalid_argument("bootstrap needs a non-empty sample");
  std::mt19937_64 rng(seed);
  std::vector<double> estimates;
  estimates.reserve(static_cast<std::size_t>(resamples));
  for (int i = 0; i < resamples; ++i) estimates.push_back(median(resample(values, rng)));
  return percentile_interval(estimates, confidence);
}

}  // namespace crucible::stats
