#pragma once
// What `crucible run` does after results.json: render every report format beside it
// (report/reporter_registry.hpp).
#include <filesystem>
#include <vector>

#include <nlohmann/json.hpp>

#include "report/report_input.hpp"

namespace crucible {

// Writes every format's default file (report.md, junit.xml, ...) into `folder`, atomically
// each; returns the paths written, in registry order.
std::vector<std::filesystem::path> write_default_reports(const ReportInput& input, const std::filesystem::path& folder);
// The reports of a run without baseline or history: write_default_reports beside results.json.
void write_run_reports(const nlohmann::json& results, const std::filesystem::path& out);

}  // namespace crucible
