#include <stdlib.h>

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <map>

#include <crucible/exit_codes.hpp>

#include "cli/ab_rounds.hpp"
#include "cli/commands.hpp"
#include "cli/gate_options.hpp"
#include "cli/number_options.hpp"
#include "cli/output_folder.hpp"
#include "cli/plugin_options.hpp"
#include "cli/report_options.hpp"
#include "loader/plugin_catalog.hpp"
#include "plan/run_plan.hpp"
#include "report/comparison_text.hpp"
#include "report/reporter_registry.hpp"
#include "report/run_reports.hpp"
#include "results/atomic_file.hpp"
#include "results/results_file.hpp"
#include "results/time_unit.hpp"
#include "suite/suite_parser.hpp"
#include "suite/value_checks.hpp"

namespace crucible {

const char* const kAbHelp = R"(usage: crucible ab SUITE.toml --a PLUGIN_DIR_A --b PLUGIN_DIR_B [options]

Side-by-side A/B in one run: loads two builds of the same plugins (A = baseline, B =
candidate) and runs every selected benchmark interleaved in ABBA rounds (A B, B A, A B, ...),
one repetition per launch, on identical inputs (same seed), so that machine drift cancels.
Verdicts come from the per-round ratios B/A: Wilcoxon signed-rank on their logarithms plus a
bootstrap interval of their median; slower/faster need significance AND more than the
minimum effect. Properties and determinism are not run (use crucible run for those).

options:
  --rounds N         rounds per benchmark (default 10; 8 or more for a gate)
  --metric real|cpu  wall-clock time (default) or the worker's CPU time (for single-threaded
                     CPU benchmarks on a shared, busy machine: preemption does not count)
  --only GLOB        only cases matching GLOB (plugin/workload/variant)
  --seed N           input seed (default: the suite's)
  --out DIR          where ab.json, results-a.json, results-b.json and the reports go
                     (default reports/ab): {report files}
  --min-effect X, --alpha X, --inconclusive pass|fail   as for crucible compare
  extra copies, besides those in --out:
{report options}
  --json FILE        the comparison (ab.json)

exit codes: 0 no regression, 2 bad usage, 3 infrastructure error (a build failed to load,
            crashed or is missing a case), 4 regression, 5 inconclusive only (when failing)
)";

namespace {

// A results document for one side, so that the usual reports (and crucible compare) work.
nlohmann::json side_results(const SuiteSpec& suite, std::uint64_t seed, const nlohmann::json& context,
                            const std::vector<AbSeries>& series, bool a_side, const std::vector<std::string>& errors) {
  nlohmann::json doc = {{"schema", kResultsSchema},
                        {"crucible_version", CRUCIBLE_VERSION},
                        {"suite", {{"name", suite.name}, {"path", suite.path}}},
                        {"seed", seed},
                        {"context", context.is_null() ? nlohmann::json::object() : context},
                        {"plugins", nlohmann::json::array()},
                        {"cases", nlohmann::json::array()},
                        {"properties", nlohmann::json::array()},
                        {"determinism", nlohmann::json::array()},
                        {"benchmarks", nlohmann::json::array()}};
  std::map<std::string, bool> cases;
  for (const auto& s : series) {
    cases[s.case_name] = true;
    const auto& samples = a_side ? s.a_ns : s.b_ns;
    for (std::size_t r = 0; r < samples.size(); ++r) {
      doc["benchmarks"].push_back({{"name", s.name},
                                   {"run_name", s.name},
                                   {"run_type", "iteration"},
                                   {"repetitions", samples.size()},
                                   {"repetition_index", r},
                                   {"iterations", 1},
                                   {"real_time", samples[r]},
                                   {"time_unit", "ns"},
                                   {"case", s.case_name},
                                   {"params", s.params}});
    }
  }
  for (const auto& [name, ok] : cases) doc["cases"].push_back({{"name", name}, {"status", ok ? "passed" : "error"}});
  for (const auto& e : errors) doc["cases"].push_back({{"name", e.substr(0, e.find(' '))}, {"status", "error"}, {"reason", e}});
  int errors_count = static_cast<int>(errors.size());
  doc["summary"] = {{"passed", cases.size()}, {"failed", 0}, {"error", errors_count}, {"skipped", 0},
                    {"exit_code", errors_count ? exit_code::infrastructure : exit_code::ok}};
  return doc;
}

}  // namespace

int ab_command(const std::vector<std::string>& args) {
  const CommandLine cl(args, {"--help", "--keep-temp"},
                       with_report_options({"--a", "--b", "--rounds", "--metric", "--only", "--seed", "--out", "--min-effect",
                                            "--alpha", "--inconclusive", "--json"}));
  if (cl.flag("--help")) {
    std::cout << with_report_formats(kAbHelp);
    return exit_code::ok;
  }
  if (cl.positionals().size() != 1) throw UsageError("ab needs one suite file: crucible ab SUITE.toml --a DIR_A --b DIR_B");
  if (!cl.option("--a") || !cl.option("--b")) throw UsageError("ab needs both builds: --a PLUGIN_DIR_A --b PLUGIN_DIR_B");
  check_requested_reports(cl);
  const SuiteSpec suite = load_suite(cl.positionals()[0]);
  int rounds = 10;
  if (auto v = cl.option("--rounds")) {
    rounds = static_cast<int>(integer_option("--rounds", *v, 2, 10000, " (the signed-rank test needs two rounds or more)"));
  }
  const GatePolicy policy = gate_policy(cl, suite.bench.min_effect);
  RunOptions options;
  options.only = cl.option("--only");
  options.bench_only = true;
  if (auto seed = cl.option("--seed")) options.seed = seed_option("--seed", *seed, kSeedHint);
  const std::string metric = metric_field(cl);  // checked before any build is loaded
  const std::filesystem::path out = cl.option("--out").value_or("reports/ab");
  const OutputFolder output(out);

  WorkerLauncher launcher("ab", cl.flag("--keep-temp"));
  auto catalog = [&](const std::string& dir) {
    PluginSearch search;
    search.explicit_paths.emplace_back(dir);
    search.use_default = false;
    search.use_environment = false;
    return catalog_plugins(find_plugin_files(search), launcher);
  };
  const auto plugins_a = catalog(*cl.option("--a"));
  const auto plugins_b = catalog(*cl.option("--b"));
  const RunPlan plan_a = plan_run(suite, plugins_a, options);
  options.seed = plan_a.seed;
  const RunPlan plan_b = plan_run(suite, plugins_b, options);

  std::vector<AbTaskPair> pairs;
  std::vector<std::string> errors;
  for (const auto& a : plan_a.cases) {
    if (!a.load_error.empty()) {
      errors.push_back(a.name + " (A): plugin failed to load: " + a.load_error);
      continue;
    }
    if (!a.skip_reason.empty() || a.task.kind != TaskKind::variant) continue;
    const auto b = std::find_if(plan_b.cases.begin(), plan_b.cases.end(), [&](const auto& c) { return c.name == a.name; });
    if (b == plan_b.cases.end()) {
      errors.push_back(a.name + " (B): missing from build B");
      continue;
    }
    if (!b->load_error.empty()) {
      errors.push_back(a.name + " (B): plugin failed to load: " + b->load_error);
      continue;
    }
    AbTaskPair pair{a.name, a.task, b->task};
    pair.a.bench.repetitions = 1;
    pair.b.bench.repetitions = 1;
    pairs.push_back(std::move(pair));
  }
  std::cerr << "crucible: A/B of suite " << suite.name << ", " << pairs.size() << " case(s) x " << rounds
            << " ABBA rounds, seed " << plan_a.seed << "\n";
  auto run = run_ab_rounds(launcher, pairs, rounds, std::chrono::duration<double>(suite.timeout_s), metric);
  errors.insert(errors.end(), run.errors.begin(), run.errors.end());

  ResultsComparison comparison;
  comparison.mode = "ab";
  comparison.base_label = *cl.option("--a");
  comparison.new_label = *cl.option("--b");
  comparison.infrastructure_errors = static_cast<int>(errors.size());
  for (const auto& s : run.series) {
    ComparisonRow row;
    row.name = s.name;
    row.case_name = s.case_name;
    row.params = s.params;
    row.result = compare_rounds(s.a_ns, s.b_ns, policy.verdict);
    if (!s.a_ns.empty()) {
      row.base_median_ns = stats::median(s.a_ns);
      row.new_median_ns = stats::median(s.b_ns);
    }
    comparison.rows.push_back(std::move(row));
  }
  ReportInput input;
  input.results = side_results(suite, plan_a.seed, run.context, run.series, false, errors);
  input.min_effect = policy.verdict.min_effect;
  input.comparison = comparison;
  std::filesystem::create_directories(out);
  write_file_atomically(out / "ab.json", comparison.to_json().dump(2) + "\n");
  write_file_atomically(out / "results-a.json", side_results(suite, plan_a.seed, run.context, run.series, true, errors).dump(2) + "\n");
  write_file_atomically(out / "results-b.json", input.results.dump(2) + "\n");
  std::string report_files = "ab.json";
  for (const auto& path : write_default_reports(input, out)) report_files += "," + path.filename().string();
  write_requested_reports(cl, input);
  std::cout << comparison_text(comparison);
  for (const auto& e : errors) std::cout << "error: " << e << "\n";
  std::cout << "reports: " << out.string() << "/{" << report_files << "}\n";
  if (launcher.keeps_scratch()) std::cerr << "crucible: worker files kept in " << launcher.scratch().string() << "\n";
  const int code = comparison.exit_code(policy);
  std::cout << "exit code " << code << "\n";
  return code;
}

}  // namespace crucible
