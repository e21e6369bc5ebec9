#pragma once
// The comparison, reporting and history subcommands: compare, report, history, ab, calibrate.
// Each returns an exit code (results/exit_codes.hpp).
#include <chrono>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/command_line.hpp"
#include "compare/results_comparison.hpp"
#include "isolate/worker_launcher.hpp"
#include "task/worker_task.hpp"
#include "report/report_input.hpp"

namespace crucible {

int compare_command(const std::vector<std::string>& args);
int report_command(const std::vector<std::string>& args);
int history_command(const std::vector<std::string>& args);
int ab_command(const std::vector<std::string>& args);
int calibrate_command(const std::vector<std::string>& args);

extern const char* const kCompareHelp;
extern const char* const kReportHelp;
extern const char* const kHistoryHelp;
extern const char* const kAbHelp;
extern const char* const kCalibrateHelp;

// Shared by the commands above (defined in compare_command.cpp).
// A results file, checked for its schema; a UsageError naming the path when it is not one.
nlohmann::json load_results_file(const std::string& path);
// --min-effect, --alpha, --seed and --inconclusive pass|fail, over the given default minimum effect.
GatePolicy gate_policy(const CommandLine& cl, double default_min_effect);
// The suite's [bench] min_effect when its file can be read, else 5 %.
double suite_min_effect(const nlohmann::json& results);
// The given options plus each report format's (--md, --junit, ...), for a CommandLine.
std::set<std::string> with_report_options(std::set<std::string> options);
// Writes the reports asked for with each format's option (--md FILE, ...) and the comparison
// with --json FILE; returns the paths written.
std::vector<std::string> write_requested_reports(const CommandLine& cl, const ReportInput& input);
// The plain-text verdict table for stdout.
std::string comparison_text(const ResultsComparison& comparison);

// Samples of one benchmark over A/B rounds (defined in ab_command.cpp).
struct AbSeries {
  std::string name;       // benchmark key on the A side
  std::string case_name;
  nlohmann::json params;
  std::vector<double> a_ns, b_ns;  // one per round, paired by index
};
struct AbTaskPair {
  std::string case_name;
  WorkerTask a, b;  // kind variant, benchmarks only; B's param sets pair with A's by index
};
struct AbRun {
  std::vector<AbSeries> series;
  std::vector<std::string> errors;  // one line per failed launch
  nlohmann::json context;           // Google Benchmark's context of the first launch
};
// Runs every pair `rounds` times in ABBA order (A then B on even rounds, B then A on odd
// ones), one repetition per launch.
// metric: "real_time" (wall clock, the default) or "cpu_time" (the process's CPU time: immune
// to preemption by other processes on a shared machine, blind to waiting and GPU time).
AbRun run_ab_rounds(WorkerLauncher& launcher, const std::vector<AbTaskPair>& pairs, int rounds,
                    std::chrono::duration<double> timeout, const std::string& metric = "real_time");
// --metric real|cpu as the field name of a Google Benchmark entry.
std::string metric_field(const CommandLine& cl);

}  // namespace crucible
