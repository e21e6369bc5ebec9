#include <algorithm>
#include <filesystem>
#include <iostream>

#include <crucible/exit_codes.hpp>

#include "cli/commands.hpp"
#include "cli/gate_options.hpp"
#include "cli/report_options.hpp"
#include "history/history_store.hpp"
#include "report/reporter_registry.hpp"
#include "report/run_reports.hpp"
#include "results/results_file.hpp"

namespace crucible {

const char* const kReportHelp = R"(usage: crucible report RESULTS.json [MORE.json ...] [options]

Renders reports from one or more results files (several are merged, e.g. shards of a suite):
Markdown (pull-request comment), JUnit XML, a self-contained HTML page (inline SVG charts:
speedup per case, scaling over each parameter axis with one line per variant, percent of
peak when a capability profile is present, history trends; correctness table with
reproduction commands; environment) and CSV (one row per benchmark, for spreadsheets).
Without any of the report options below, writes {report files} next to
the first results file.

options:
  --base BASE.json   compare against a baseline (verdicts, speedup chart)
  --history [DB]     add trend charts from the history store (default .crucible/history.sqlite)
  --trend GLOB       which benchmarks get trend charts (default: those in the results)
{report options}
  --min-effect X, --alpha X, --seed N    as for crucible compare
)";

int report_command(const std::vector<std::string>& args) {
  const CommandLine cl(args, {"--help"},
                       with_report_options({"--base", "--history", "--trend", "--min-effect", "--alpha", "--seed"}));
  if (cl.flag("--help")) {
    std::cout << with_report_formats(kReportHelp);
    return exit_code::ok;
  }
  if (cl.positionals().empty()) throw UsageError("report needs at least one results file: crucible report RESULTS.json");
  check_requested_reports(cl);
  std::vector<nlohmann::json> documents;
  std::vector<std::filesystem::path> read;
  for (const auto& p : cl.positionals()) {
    // The same file twice (a glob that matched it twice, a link) would double its cases.
    std::error_code ec;
    if (std::any_of(read.begin(), read.end(), [&](const auto& r) { return std::filesystem::equivalent(r, p, ec); })) {
      std::cerr << "crucible report: " << p << " is already merged; read once\n";
      continue;
    }
    documents.push_back(load_results_file(p));
    read.emplace_back(p);
  }
  ReportInput input;
  input.results = merge_results(documents);
  const GatePolicy policy = gate_policy(cl, suite_min_effect(input.results));
  input.min_effect = policy.verdict.min_effect;
  if (auto base = cl.option("--base")) {
    input.comparison = compare_results(load_results_file(*base), input.results, policy.verdict);
    input.comparison->base_label = *base;
    input.comparison->new_label = cl.positionals()[0];
  }
  if (auto db = cl.option("--history")) {
    const std::filesystem::path path = db->empty() ? default_history_path() : std::filesystem::path(*db);
    if (!std::filesystem::exists(path)) throw UsageError("--history " + path.string() + ": no such history store");
    HistoryStore store(path);
    if (auto glob = cl.option("--trend")) {
      input.trends = store.series(*glob, "");
    } else {
      for (const auto& s : benchmark_samples(input.results)) {
        for (auto& series : store.series(s.name, "")) input.trends.push_back(std::move(series));
      }
    }
  }
  auto written = write_requested_reports(cl, input);
  if (written.empty()) {
    for (const auto& path : write_default_reports(input, std::filesystem::path(cl.positionals()[0]).parent_path())) {
      written.push_back(path.string());
    }
  }
  for (const auto& f : written) std::cout << "wrote " << f << "\n";
  return exit_code::ok;
}

}  // namespace crucible
