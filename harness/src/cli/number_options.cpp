#include "cli/number_options.hpp"

#include <cstdint>

#include <crucible/command_errors.hpp>

#include "suite/value_checks.hpp"

namespace crucible {

long long integer_option(const std::string& name, const std::string& text, long long min, long long max,
                         std::string_view hint) {
  long long value = 0;
  try {
    std::size_t used = 0;
    value = std::stoll(text, &used);
    if (used != text.size()) throw std::invalid_argument("trailing characters");
  } catch (const std::out_of_range&) {
    // Past the range of a 64-bit integer, so past every option's range: said in
    // integer_range_problem's words, with the text as given.
    if (text.find('-') != std::string::npos) {
      throw UsageError(name + " must be >= " + std::to_string(min) + ", got " + text + std::string(hint));
    }
    throw UsageError(name + " must be at most " + std::to_string(max) + ", got " + text);
  } catch (const std::exception&) {
    throw UsageError(name + " must be an integer, got '" + text + "'");
  }
  if (const std::string why = integer_range_problem(value, min, max, hint); !why.empty()) throw UsageError(name + " " + why);
  return value;
}

std::uint64_t seed_option(const std::string& name, const std::string& text, std::string_view hint) {
  return static_cast<std::uint64_t>(integer_option(name, text, 0, INT64_MAX, hint));
}

double number_option(const std::string& name, const std::string& text) {
  try {
    std::size_t used = 0;
    const double value = std::stod(text, &used);
    if (used == text.size()) return value;
  } catch (const std::exception&) {
  }
  throw UsageError(name + " must be a number, got '" + text + "'");
}

double fraction_option(const std::string& name, const std::string& text, std::string_view meaning) {
  const double value = number_option(name, text);
  if (const std::string why = fraction_problem(value, meaning); !why.empty()) throw UsageError(name + " " + why);
  return value;
}

}  // namespace crucible
