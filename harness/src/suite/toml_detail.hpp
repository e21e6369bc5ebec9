// Internal helpers shared by suite_parser.cpp and axis_values.cpp. Not part of
// the public API (it includes toml++, which crucible_suite links privately).
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>

#include <toml++/toml.h>

#include "suite/suite_spec.hpp"

namespace crucible::suite_detail {

SourceLocation location_of(const toml::source_region& region);
SourceLocation location_of(const toml::node& node);

// "integer", "float", "string", "boolean", "array", "table", "date", "time", "date-time".
std::string type_name(const toml::node& node);

// Shortest text that round-trips for typical values ("0.05", "1e+30").
std::string format_number(double value);

std::size_t edit_distance(std::string_view a, std::string_view b);

// Throws SuiteError for the first key (in file order) of `table` that is not in
// `valid`: "unknown key 'x' <context>; valid keys: a, b; did you mean 'a'?".
// `context` is e.g. "in [bench]" or "at top level".
void check_keys(const toml::table& table, std::initializer_list<std::string_view> valid,
                std::string_view context);

[[noreturn]] void fail(const toml::node& node, std::string message);

}  // namespace crucible::suite_detail
