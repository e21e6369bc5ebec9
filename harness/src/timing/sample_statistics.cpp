#include "timing/sample_statistics.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace crucible {

double sorted_quantile(const std::vector<double>& sorted, double q) {
  if (sorted.empty()) return 0;
  const double position = std::clamp(q, 0.0, 1.0) * static_cast<double>(sorted.size() - 1);
  const auto lower = static_cast<std::size_t>(std::floor(position));
  const std::size_t upper = std::min(lower + 1, sorted.size() - 1);
  const double fraction = position - static_cast<double>(lower);
  return sorted[lower] + (sorted[upper] - sorted[lower]) * fraction;
}

SampleStatistics compute_statistics(std::vector<double> samples) {
  SampleStatistics s;
  s.count = samples.size();
  if (samples.empty()) return s;
  std::sort(samples.begin(), samples.end());
  const double n = static_cast<double>(samples.size());
  s.mean = std::accumulate(samples.begin(), samples.end(), 0.0) / n;
  if (samples.size() > 1) {
    double squares = 0;
    for (double x : samples) squares += (x - s.mean) * (x - s.mean);
    s.stddev = std::sqrt(squares / (n - 1));
  }
  s.rel_noise = s.mean != 0 ? s.stddev / std::fabs(s.mean) : 0;
  s.min = samples.front();
  s.max = samples.back();
  s.median = sorted_quantile(samples, 0.5);
  s.q1 = sorted_quantile(samples, 0.25);
  s.q3 = sorted_quantile(samples, 0.75);
  return s;
}

nlohmann::json SampleStatistics::to_json() const {
  return {{"count", count}, {"mean", mean},     {"median", median}, {"stddev", stddev}, {"rel_noise", rel_noise},
          {"min", min},     {"max", max},       {"q1", q1},         {"q3", q3}};
}

}  // namespace crucible
