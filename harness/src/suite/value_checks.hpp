#pragma once
// The checks a setting gets whether it comes from a suite file or the command line (--min-time
// and [bench] min_time alike), so that both refuse the same values with the same words.
#include <string>
#include <string_view>

namespace crucible {

// "" when value is a finite number > 0; otherwise what is wrong ("must be a finite number, got
// inf", "must be > 0 seconds, got -1"), to follow the setting's name.
std::string positive_finite_problem(double value, std::string_view unit);

// What a seed of 0 means, for the seed's range error.
inline constexpr std::string_view kSeedHint = " (0 = random)";

// "" when value is a finite number >= 0 (0 usually meaning "none"); otherwise what is wrong.
std::string non_negative_finite_problem(double value, std::string_view unit);

// "" when value is a finite number strictly between 0 and 1; otherwise what is wrong, with
// `meaning` (what the fraction is, e.g. "it is a relative change, e.g. 0.05 for 5%") after it.
std::string fraction_problem(double value, std::string_view meaning);

// What [bench] min_effect and --min-effect are, for their range error.
inline constexpr std::string_view kMinEffectMeaning = "it is a relative change, e.g. 0.05 for 5%";

// "" when min <= value <= max; otherwise "must be >= MIN, got V" + hint, or "must be at most MAX,
// got V".
std::string integer_range_problem(long long value, long long min, long long max, std::string_view hint = {});

}  // namespace crucible
