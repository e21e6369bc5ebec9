#pragma once
// Every report format Crucible writes, in the order they are written and listed.
#include <string>
#include <string_view>
#include <vector>

#include "report/reporter.hpp"

namespace crucible {

const std::vector<const Reporter*>& reporters();

// The format with this name ("csv") or option ("--csv"); nullptr when there is none.
const Reporter* find_reporter(std::string_view name_or_option);

// Help texts name the formats from here, so that they stay right when one is added:
// "{report files}" becomes "report.md, junit.xml, ..." and "{report options}", on a line of
// its own, one "  --md FILE ... description" line per format.
std::string with_report_formats(std::string_view help);

}  // namespace crucible
