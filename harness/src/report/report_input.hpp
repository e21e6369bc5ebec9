#pragma once
// What a report is rendered from: one results document (several are merged first), and
// optionally a comparison against a baseline and history series for trend charts.
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "compare/results_comparison.hpp"
#include "history/history_store.hpp"
#include "results/time_unit.hpp"  // format_duration_ns, to_ns

namespace crucible {

struct ReportInput {
  nlohmann::json results;                       // "crucible.results/1"
  std::optional<ResultsComparison> comparison;  // base vs this run, when given
  std::vector<HistorySeries> trends;            // from the history store, when given
  double min_effect = 0.05;
};

// Several results files (e.g. shards of one suite) as one document: cases, properties,
// determinism records and benchmarks concatenated; suite, context and seed from the first.
nlohmann::json merge_results(const std::vector<nlohmann::json>& documents);

std::string render_markdown(const ReportInput& input);
std::string render_junit(const ReportInput& input);
std::string render_html(const ReportInput& input);

// A failed property's counterexample, one "type = value" line per argument (robust to shape).
std::vector<std::string> counterexample_lines(const nlohmann::json& property);

// Shared formatting.
std::string format_change(double ratio);  // "+12.3%" / "-4.0%"
std::string escape_xml(const std::string& text);  // also fit for HTML text and attributes

}  // namespace crucible
