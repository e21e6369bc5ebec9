#pragma once
// A/B rounds: two builds' worker tasks launched alternately (ABBA), one repetition per launch,
// so that machine drift cancels in the paired ratios; used by `crucible ab` and `calibrate`.
#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/command_line.hpp"
#include "isolate/worker_launcher.hpp"
#include "task/worker_task.hpp"

namespace crucible {

// Samples of one benchmark over A/B rounds.
struct AbSeries {
  std::string name;       // benchmark key on the A side
  std::string case_name;
  nlohmann::json params;
  std::vector<double> a_ns, b_ns;  // one per round, paired by index
};
struct AbTaskPair {
  std::string case_name;
  WorkerTask a, b;  // kind variant, benchmarks only; B's param sets pair with A's by index
  // When set, a launch of that side runs this instead of the worker task (a Google Benchmark
  // binary's benchmark, one repetition), and its records are read the same way.
  std::function<WorkerResult()> launch_a = {}, launch_b = {};
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
