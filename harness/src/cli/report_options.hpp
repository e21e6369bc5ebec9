#pragma once
// Each report format's option (--md FILE, --csv FILE, ...), for the commands that write reports.
#include <set>
#include <string>
#include <vector>

#include "cli/command_line.hpp"
#include "report/report_input.hpp"

namespace crucible {

// The given options plus each report format's (--md, --junit, ...), for a CommandLine.
std::set<std::string> with_report_options(std::set<std::string> options);
// Checks every report file asked for (check_output_file) before the command does its work.
void check_requested_reports(const CommandLine& cl);
// Writes the reports asked for with each format's option (--md FILE, ...) and the comparison
// with --json FILE; returns the paths written.
std::vector<std::string> write_requested_reports(const CommandLine& cl, const ReportInput& input);

}  // namespace crucible
