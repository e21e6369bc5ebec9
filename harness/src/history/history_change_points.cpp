#include "history/history_change_points.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace crucible {

namespace {

double median_of(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2.0;
}

}  // namespace

std::vector<ChangePoint> detect_change_points(const std::vector<double>& values, double min_effect) {
  const std::size_t n = values.size();
  std::vector<ChangePoint> out;
  if (n < 4) return out;
  std::vector<double> y(n);
  for (std::size_t i = 0; i < n; ++i) y[i] = std::log(std::max(values[i], 1e-300));
  // Noise scale from successive differences (robust to the steps themselves).
  std::vector<double> diffs;
  for (std::size_t i = 1; i < n; ++i) diffs.push_back(std::fabs(y[i] - y[i - 1]));
  double sigma = 1.4826 * median_of(diffs) / std::sqrt(2.0);
  sigma = std::max(sigma, 1e-3);  // 0.1 %: identical values must not make every wiggle a step
  const double penalty = 2.0 * std::log(static_cast<double>(n)) * sigma * sigma * 2.0;
  // Prefix sums for the squared-error cost of a segment [i, j).
  std::vector<double> s(n + 1, 0), s2(n + 1, 0);
  for (std::size_t i = 0; i < n; ++i) {
    s[i + 1] = s[i] + y[i];
    s2[i + 1] = s2[i] + y[i] * y[i];
  }
  auto cost = [&](std::size_t i, std::size_t j) {
    const double len = static_cast<double>(j - i), sum = s[j] - s[i];
    return (s2[j] - s2[i]) - sum * sum / len;
  };
  std::vector<double> best(n + 1, std::numeric_limits<double>::infinity());
  std::vector<std::size_t> last(n + 1, 0);
  best[0] = -penalty;
  for (std::size_t j = 1; j <= n; ++j) {
    for (std::size_t i = 0; i < j; ++i) {
      const double c = best[i] + cost(i, j) + penalty;
      if (c < best[j]) {
        best[j] = c;
        last[j] = i;
      }
    }
  }
  std::vector<std::size_t> starts;
  for (std::size_t j = n; j > 0; j = last[j]) starts.push_back(last[j]);
  std::reverse(starts.begin(), starts.end());
  starts.push_back(n);
  for (std::size_t k = 1; k + 1 < starts.size(); ++k) {
    const std::vector<double> before(values.begin() + static_cast<std::ptrdiff_t>(starts[k - 1]),
                                     values.begin() + static_cast<std::ptrdiff_t>(starts[k]));
    const std::vector<double> after(values.begin() + static_cast<std::ptrdiff_t>(starts[k]),
                                    values.begin() + static_cast<std::ptrdiff_t>(starts[k + 1]));
    ChangePoint cp{starts[k], median_of(before), median_of(after)};
    if (std::fabs(std::log(cp.ratio())) >= std::log(1.0 + min_effect)) out.push_back(cp);
  }
  return out;
}

}  // namespace crucible
