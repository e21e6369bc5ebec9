#pragma once
// An existing Google Benchmark executable run as Crucible cases, no plugin needed: its
// benchmarks are listed (--benchmark_list_tests), and each runs alone in a child process
// with the run's timeout and memory limit and Crucible's repetitions and min time. Its JSON
// becomes a benchmark record the results document folds in like a worker's, so reports,
// compare, ab and history treat it as any other case. A benchmark that crashes, hangs or
// exits non-zero is that case's error; the others still run.
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "isolate/worker_launcher.hpp"

namespace crucible {

struct GbenchRun {
  std::filesystem::path binary;
  std::string filter;        // --benchmark_filter; empty: all
  std::string name;          // case prefix gbench/NAME/...; empty: the binary's file name
  int repetitions = 5;
  double min_time_s = 0.1;
  std::chrono::duration<double> timeout{300};
  std::uint64_t memory_limit_bytes = 0;
  std::filesystem::path scratch;  // logs and JSON files go here
};

// Case name of one benchmark: "gbench/NAME/BENCHMARK", NAME the run's name or else the
// binary's file name. Two binaries given one name (crucible ab over an old and a new build
// of a benchmark program) have cases of the same names, and so compare benchmark by benchmark.
std::string gbench_case_name(const GbenchRun& run, const std::string& benchmark);

// The benchmark names the binary lists under the filter. Throws InputError (the file is not
// an executable Google Benchmark binary, or its listing failed, with the reason and its output).
std::vector<std::string> list_gbench_benchmarks(const GbenchRun& run);

// Runs one listed benchmark; the outcome and a "benchmark" record as a worker writes it.
WorkerResult run_gbench_benchmark(const GbenchRun& run, const std::string& benchmark);

}  // namespace crucible
