#pragma once
// The checks a setting gets whether it comes from a suite file or the command line (--min-time
// and [bench] min_time alike), so that both refuse the same values with the same words.
#include <string>
#include <string_view>

namespace crucible {

// "" when value is a finite number > 0; otherwise what is wrong ("must be a finite number, got
// inf", "must be > 0 seconds, got -1"), to follow the setting's name.
std::string positive_finite_problem(double value, std::string_view unit);

}  // namespace crucible
