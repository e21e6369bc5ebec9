#pragma once
// Small helpers shared by the attention unit tests.
#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

namespace attention_test {

inline std::vector<float> random_values(std::size_t n, std::uint32_t seed, float amplitude = 1.0f) {
  std::mt19937 gen(seed);
  std::uniform_real_distribution<float> dist(-amplitude, amplitude);
  std::vector<float> v(n);
  for (auto& x : v) x = dist(gen);
  return v;
}

// ||got - want|| / ||want||; infinity when got holds a NaN.
inline double rel_error(const std::vector<float>& got, const std::vector<float>& want) {
  if (got.size() != want.size()) return INFINITY;
  double diff = 0, ref = 0;
  for (std::size_t i = 0; i < got.size(); ++i) {
    if (std::isnan(got[i])) return INFINITY;
    const double d = static_cast<double>(got[i]) - want[i];
    diff += d * d;
    ref += static_cast<double>(want[i]) * want[i];
  }
  return ref > 0 ? std::sqrt(diff / ref) : std::sqrt(diff);
}

}  // namespace attention_test
