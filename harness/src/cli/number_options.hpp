#pragma once
// Numeric command-line options, read and checked with the checks their suite keys get
// (suite/value_checks.hpp): `--repetitions 0` and `[bench] repetitions = 0`, `--min-effect 2`
// and `[bench] min_effect = 2` are refused in the same words. Every error is a UsageError
// naming the option, so the command exits 2.
#include <cstdint>
#include <string>
#include <string_view>

namespace crucible {

// An integer in [min, max]: "--rounds must be an integer, got 'x'", "--rounds must be >= 2, got 1"
// (+ hint), "--rounds must be at most 10000, got 20000".
long long integer_option(const std::string& name, const std::string& text, long long min, long long max,
                         std::string_view hint = {});

// A seed: an integer in [0, 2^63 - 1] (the range of [suite] seed), with `hint` saying what 0 means.
std::uint64_t seed_option(const std::string& name, const std::string& text, std::string_view hint = {});

// Any number ("--min-time must be a number, got 'x'"); the caller checks its range.
double number_option(const std::string& name, const std::string& text);

// A number strictly between 0 and 1 (fraction_problem), `meaning` saying what it is.
double fraction_option(const std::string& name, const std::string& text, std::string_view meaning);

}  // namespace crucible
