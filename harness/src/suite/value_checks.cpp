#include "suite/value_checks.hpp"

#include <cmath>

#include "suite/toml_detail.hpp"

namespace crucible {

std::string positive_finite_problem(double value, std::string_view unit) {
  if (!std::isfinite(value)) return "must be a finite number, got " + suite_detail::format_number(value);
  if (!(value > 0)) return "must be > 0" + std::string(unit) + ", got " + suite_detail::format_number(value);
  return "";
}

std::string non_negative_finite_problem(double value, std::string_view unit) {
  if (!std::isfinite(value)) return "must be a finite number, got " + suite_detail::format_number(value);
  if (!(value >= 0)) return "must be >= 0" + std::string(unit) + ", got " + suite_detail::format_number(value);
  return "";
}

std::string fraction_problem(double value, std::string_view meaning) {
  if (!std::isfinite(value)) return "must be a finite number, got " + suite_detail::format_number(value);
  if (!(value > 0 && value < 1)) {
    return "must be between 0 and 1 (exclusive), got " + suite_detail::format_number(value) + "; " + std::string(meaning);
  }
  return "";
}

std::string integer_range_problem(long long value, long long min, long long max, std::string_view hint) {
  if (value < min) return "must be >= " + std::to_string(min) + ", got " + std::to_string(value) + std::string(hint);
  if (value > max) return "must be at most " + std::to_string(max) + ", got " + std::to_string(value);
  return "";
}

}  // namespace crucible
