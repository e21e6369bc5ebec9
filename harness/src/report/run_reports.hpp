#pragma once
// What `crucible run` does after results.json: render OUT/report.md, OUT/junit.xml and
// OUT/report.html, and append the run to the history store.
#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

namespace crucible {

// Writes report.md, junit.xml and report.html beside results.json (atomically each).
void write_run_reports(const nlohmann::json& results, const std::filesystem::path& out);
// Appends the run to the history store (CRUCIBLE_HISTORY or .crucible/history.sqlite;
// CRUCIBLE_HISTORY=off skips it). Returns a one-line note for stderr; never throws.
std::string record_run_history(const nlohmann::json& results, const std::filesystem::path& results_file);

}  // namespace crucible
