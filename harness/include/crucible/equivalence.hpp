#pragma once
// Equivalence: how two variants' outputs must agree. Either bitwise (same bytes), or within a
// tolerance by a metric over the output read as an array of float or double. NaN never passes.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <span>
#include <sstream>
#include <string>

#include <crucible/output.hpp>

namespace crucible {

enum class Metric {
  bitwise,  // identical bytes
  max_abs,  // max |a - b|
  rel_l2,   // ||a - b||_2 / ||b||_2 (relative Frobenius norm)
  nmse,     // ||a - b||^2 / ||b||^2 (normalized squared error)
};
enum class Element { f32, f64 };

struct Equivalence {
  Metric metric = Metric::bitwise;
  double tolerance = 0;
  Element element = Element::f32;
};

inline constexpr Equivalence bitwise{};
inline Equivalence within(double tolerance, Metric metric = Metric::rel_l2, Element element = Element::f32) {
  return Equivalence{metric, tolerance, element};
}

inline const char* metric_name(Metric metric) {
  switch (metric) {
    case Metric::bitwise: return "bitwise";
    case Metric::max_abs: return "max_abs";
    case Metric::rel_l2: return "rel_l2";
    case Metric::nmse: return "nmse";
  }
  return "?";
}

namespace detail {

template <class T>
std::optional<std::string> compare_values(std::span<const T> a, std::span<const T> b, const Equivalence& eq) {
  if (a.size() != b.size()) {
    return "output lengths differ: " + std::to_string(a.size()) + " vs " + std::to_string(b.size()) + " values";
  }
  double max_abs = 0, diff2 = 0, ref2 = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const double x = static_cast<double>(a[i]), y = static_cast<double>(b[i]);
    if (std::isnan(x) != std::isnan(y) || (std::isnan(x) && eq.metric != Metric::bitwise)) {
      return "NaN at element " + std::to_string(i);
    }
    const double d = x - y;
    max_abs = std::fmax(max_abs, std::fabs(d));
    diff2 += d * d;
    ref2 += y * y;
  }
  double error = 0;
  switch (eq.metric) {
    case Metric::max_abs: error = max_abs; break;
    case Metric::rel_l2: error = ref2 > 0 ? std::sqrt(diff2 / ref2) : std::sqrt(diff2); break;
    case Metric::nmse: error = ref2 > 0 ? diff2 / ref2 : diff2; break;
    case Metric::bitwise:
      for (std::size_t i = 0; i < a.size(); ++i) {
        if (std::memcmp(&a[i], &b[i], sizeof(T)) != 0) return "values differ first at element " + std::to_string(i);
      }
      return std::nullopt;
  }
  if (!(error <= eq.tolerance)) {
    std::ostringstream os;
    os.precision(3);
    os << metric_name(eq.metric) << " error " << std::scientific << error << " exceeds tolerance " << eq.tolerance;
    return os.str();
  }
  return std::nullopt;
}

}  // namespace detail

// nullopt when `got` matches `want` under `eq`; otherwise what differs and where.
inline std::optional<std::string> compare(const Output& got, const Output& want, const Equivalence& eq) {
  if (eq.metric == Metric::bitwise) {
    const auto a = got.bytes(), b = want.bytes();
    const std::size_t n = a.size() < b.size() ? a.size() : b.size();
    for (std::size_t i = 0; i < n; ++i) {
      if (a[i] != b[i]) return "outputs differ first at byte offset " + std::to_string(i);
    }
    if (a.size() != b.size()) {
      return "outputs differ in length (" + std::to_string(a.size()) + " vs " + std::to_string(b.size()) +
             " bytes) after a common prefix of " + std::to_string(n) + " bytes";
    }
    return std::nullopt;
  }
  if (eq.element == Element::f32) {
    const auto a = got.as<float>(), b = want.as<float>();
    return detail::compare_values<float>(a, b, eq);
  }
  const auto a = got.as<double>(), b = want.as<double>();
  return detail::compare_values<double>(a, b, eq);
}

// The same for values a law computed itself (the element type is the span's).
inline std::optional<std::string> compare(std::span<const float> got, std::span<const float> want,
                                          const Equivalence& eq) {
  return detail::compare_values<float>(got, want, eq);
}
inline std::optional<std::string> compare(std::span<const double> got, std::span<const double> want,
                                          const Equivalence& eq) {
  return detail::compare_values<double>(got, want, eq);
}

}  // namespace crucible
