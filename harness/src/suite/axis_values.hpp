// Axis value expansion for [select.axes] entries. Internal to crucible_suite
// (it includes toml++, which the library links privately).
#pragma once

#include <string>

#include <toml++/toml.h>

#include "suite/suite_spec.hpp"

namespace crucible {

// Expands one [select.axes] value:
//   [v1, v2, ...]                      a non-empty list, all numbers, all strings or all bools
//   { range = [start, stop], step = s } inclusive; integer if start, stop, step are all integers
//   { pow2 = [lo, hi] }                 2^lo .. 2^hi, 0 <= lo <= hi <= 62
// At most kMaxAxisValues values. Throws SuiteError located at the offending node;
// `name` is the axis name, used in messages.
AxisValues expand_axis(const toml::node& node, const std::string& name);

}  // namespace crucible
