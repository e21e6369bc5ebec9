#include <fnmatch.h>
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
#include "gbench/gbench_binary.hpp"
#include "isolate/interrupt.hpp"
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
       crucible ab [SUITE.toml] --gbench-a OLD_BINARY --gbench-b NEW_BINARY [options]

Side-by-side A/B in one run: loads two builds of the same plugins (A = baseline, B =
candidate) and runs every selected benchmark interleaved in ABBA rounds (A B, B A, A B, ...),
one repetition per launch, on identical inputs (same seed), so that machine drift cancels.
Verdicts come from the per-round ratios B/A: Wilcoxon signed-rank on their logarithms plus a
bootstrap interval of their median; slower/faster need significance AND more than the
minimum effect. Properties and determinism are not run (use crucible run for those).

options:
  --gbench-a BINARY, --gbench-b BINARY
                     two Google Benchmark executables (an old and a new build of one
                     benchmark program) instead of two plugin builds; the suite is optional
                     (its [bench] min_time, min_effect and timeout apply). Each benchmark both
                     list is a case gbench/NAME/BENCHMARK, run alone in a child once per side
                     and round (one repetition); one that only A lists is an error
  --gbench-filter RE only their benchmarks matching RE (their --benchmark_filter)
  --gbench-name NAME the case prefix of both sides (default: A's file name), so that A's
                     BM_Sum/64 pairs with B's BM_Sum/64 whatever the two files are called
  --rounds N         rounds per benchmark (default 10; 8 or more for a gate)
  --metric real|cpu  wall-clock time (default) or the worker's CPU time (for single-threaded
                     CPU benchmarks on a shared, busy machine: preemption does not count)
  --only GLOB        only cases matching GLOB (plugin/workload/variant, gbench/NAME/BENCHMARK)
  --seed N           input seed (default: the suite's)
  --out DIR          where ab.json, results-a.json, results-b.json and the reports go
                     (default reports/ab): {report files}
  --min-effect X, --alpha X, --inconclusive pass|fail   as for crucible compare
  extra copies, besides those in --out:
{report options}
  --json FILE        the comparison (ab.json)

exit codes: 0 no regression, 2 bad usage (also: a binary that is missing or lists no
            benchmark), 3 infrastructure error (a build failed to load, crashed or is missing
            a case), 4 regression, 5 inconclusive only (when failing)
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
                                            "--alpha", "--inconclusive", "--json", "--gbench-a", "--gbench-b",
                                            "--gbench-filter", "--gbench-name"}));
  if (cl.flag("--help")) {
    std::cout << with_report_formats(kAbHelp);
    return exit_code::ok;
  }
  const bool gbench = cl.option("--gbench-a") || cl.option("--gbench-b");
  if (gbench) {
    if (!cl.option("--gbench-a") || !cl.option("--gbench-b"))
      throw UsageError("ab over Google Benchmark binaries needs both: --gbench-a OLD_BINARY --gbench-b NEW_BINARY");
    if (cl.option("--a") || cl.option("--b"))
      throw UsageError("--gbench-a/--gbench-b and --a/--b exclude each other: compare two plugin builds or two binaries");
    if (cl.positionals().size() > 1) throw UsageError("ab takes at most one suite file");
  } else {
    if (cl.option("--gbench-filter") || cl.option("--gbench-name"))
      throw UsageError("--gbench-filter and --gbench-name need --gbench-a BINARY and --gbench-b BINARY");
    if (cl.positionals().size() != 1) throw UsageError("ab needs one suite file: crucible ab SUITE.toml --a DIR_A --b DIR_B");
    if (!cl.option("--a") || !cl.option("--b")) throw UsageError("ab needs both builds: --a PLUGIN_DIR_A --b PLUGIN_DIR_B");
  }
  const std::string gbench_name = cl.option("--gbench-name").value_or("");
  for (const char c : gbench_name) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '-' && c != '.')
      throw UsageError("--gbench-name '" + gbench_name + "' may hold only letters, digits, '-', '_' and '.'");
  }
  check_requested_reports(cl);
  SuiteSpec suite;
  if (!cl.positionals().empty()) suite = load_suite(cl.positionals()[0]);
  else suite.name = "gbench";
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
  std::vector<AbTaskPair> pairs;
  std::vector<std::string> errors;
  std::uint64_t seed = options.seed.value_or(suite.seed);
  if (gbench) {
    // Both binaries under one case prefix: their benchmarks pair by name.
    GbenchRun run_a;
    run_a.filter = cl.option("--gbench-filter").value_or("");
    run_a.repetitions = 1;
    run_a.min_time_s = suite.bench.min_time_s;
    run_a.timeout = std::chrono::duration<double>(suite.timeout_s);
    run_a.memory_limit_bytes = launcher.memory_limit_bytes();
    run_a.scratch = launcher.scratch();
    GbenchRun run_b = run_a;
    run_a.binary = *cl.option("--gbench-a");
    run_b.binary = *cl.option("--gbench-b");
    run_a.name = run_b.name = gbench_name.empty() ? run_a.binary.filename().string() : gbench_name;
    const auto names_a = list_gbench_benchmarks(run_a);  // a wrong path stops here, before any round
    const auto names_b = list_gbench_benchmarks(run_b);
    for (const auto& name : names_a) {
      AbTaskPair pair;
      pair.case_name = gbench_case_name(run_a, name);
      if (options.only && ::fnmatch(options.only->c_str(), pair.case_name.c_str(), 0) != 0) continue;
      if (std::find(names_b.begin(), names_b.end(), name) == names_b.end()) {
        errors.push_back(pair.case_name + " (B): missing from binary B");
        continue;
      }
      auto launch = [name](const GbenchRun& run) {
        return [run, name] {
          WorkerResult result = run_gbench_benchmark(run, name);
          throw_if_interrupted();
          return result;
        };
      };
      pair.launch_a = launch(run_a);
      pair.launch_b = launch(run_b);
      pairs.push_back(std::move(pair));
    }
    for (const auto& name : names_b) {
      if (std::find(names_a.begin(), names_a.end(), name) == names_a.end())
        std::cerr << "crucible: " << gbench_case_name(run_b, name) << " is only in binary B: not compared\n";
    }
    if (pairs.empty() && errors.empty())
      throw UsageError("--gbench-a lists no benchmark" + std::string(run_a.filter.empty() ? "" : " matching --gbench-filter") +
                       (options.only ? " and --only" : ""));
  } else {
    const auto plugins_a = catalog(*cl.option("--a"));
    const auto plugins_b = catalog(*cl.option("--b"));
    const RunPlan plan_a = plan_run(suite, plugins_a, options);
    options.seed = seed = plan_a.seed;
    const RunPlan plan_b = plan_run(suite, plugins_b, options);

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
  }
  std::cerr << "crucible: A/B of " << (gbench ? "Google Benchmark binaries" : "suite " + suite.name) << ", "
            << pairs.size() << " case(s) x " << rounds << " ABBA rounds"
            << (gbench ? "" : ", seed " + std::to_string(seed)) << "\n";
  auto run = run_ab_rounds(launcher, pairs, rounds, std::chrono::duration<double>(suite.timeout_s), metric);
  errors.insert(errors.end(), run.errors.begin(), run.errors.end());

  ResultsComparison comparison;
  comparison.mode = "ab";
  comparison.base_label = *cl.option(gbench ? "--gbench-a" : "--a");
  comparison.new_label = *cl.option(gbench ? "--gbench-b" : "--b");
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
  input.results = side_results(suite, seed, run.context, run.series, false, errors);
  input.min_effect = policy.verdict.min_effect;
  input.comparison = comparison;
  std::filesystem::create_directories(out);
  write_file_atomically(out / "ab.json", comparison.to_json().dump(2) + "\n");
  write_file_atomically(out / "results-a.json", side_results(suite, seed, run.context, run.series, true, errors).dump(2) + "\n");
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
