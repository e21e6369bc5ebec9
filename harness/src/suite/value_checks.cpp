#include "suite/value_checks.hpp"

#include <cmath>

#include "suite/toml_detail.hpp"

namespace crucible {

std::string positive_finite_problem(double value, std::string_view unit) {
  if (!std::isfinite(value)) return "must be a finite number, got " + suite_detail::format_number(value);
  if (!(value > 0)) return "must be > 0" + std::string(unit) + ", got " + suite_detail::format_number(value);
  return "";
}

}  // namespace crucible
