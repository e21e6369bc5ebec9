#pragma once
// What `crucible run` does after results.json: render every report format beside it
// (report/reporter_registry.hpp), and append the run to the history store.
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "report/report_input.hpp"

namespace crucible {

// Writes every format's default file (report.md, junit.xml, ...) into `folder`, atomically
// each; returns the paths written, in registry order.
std::vector<std::filesystem::path> write_default_reports(const ReportInput& input, const std::filesystem::path& folder);
// The reports of a run without baseline or history: write_default_reports beside results.json.
void write_run_reports(const nlohmann::json& results, const std::filesystem::path& out);
// Appends the run to the history store (CRUCIBLE_HISTORY or .crucible/history.sqlite;
// CRUCIBLE_HISTORY=off skips it). Returns a one-line note for stderr; never throws.
std::string record_run_history(const nlohmann::json& results, const std::filesystem::path& results_file);

}  // namespace crucible
