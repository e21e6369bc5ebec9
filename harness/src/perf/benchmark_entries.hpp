#pragma once
// Google Benchmark plumbing shared by the CPU and GPU paths: running what is registered into
// JSON entries (NaN-safe), and annotating entries with percent of measured peak.
#include <optional>

#include <nlohmann/json.hpp>

#include <crucible/abi.h>

#include "perf/peak_use.hpp"
#include "task/worker_task.hpp"

namespace benchmark {
class State;
}

namespace crucible {

// Repetitions and minimum time go in as Google Benchmark flags, not per-benchmark calls, so
// that CPU benchmark names stay free of run settings and match across runs with other ones.
void initialize_benchmark_library(const BenchConfig& bench);
// Runs every registered benchmark with Google Benchmark's JSONReporter, clears the registry,
// and returns its report ({"context", "benchmarks"}).
nlohmann::json run_registered_benchmarks();

// Inside a benchmark's body, after its loop: the work of the iterations run, as Google
// Benchmark's bytes_per_second and an ops_per_second rate counter.
void count_work(benchmark::State& state, const crucible_work& work);

// Seconds of an entry's real_time given its time_unit; nullopt for entries that are not times
// (the cv aggregate, errors).
std::optional<double> entry_seconds(const nlohmann::json& entry);

// Adds "percent_of_peak" to every timing entry (iterations and the mean/median/min/max
// aggregates) when peaks are known; entries keep Google Benchmark's own fields.
void add_percent_of_peak(nlohmann::json& entries, const crucible_work& work, const std::optional<Peaks>& peaks);

// The cached capability profile's peaks for this CPU (nullopt without a matching profile),
// and for a GPU by UUID and CUDA driver version, for ops of ops_type (Work::ops_type); both
// also say where they came from.
std::optional<Peaks> cached_cpu_peaks(const std::string& ops_type);
std::optional<Peaks> cached_gpu_peaks(const std::string& uuid, int driver, const std::string& ops_type);

// A benchmark record's "work": bytes, ops and what an op is.
nlohmann::json work_json(const crucible_work& work);

// The cached capability profile as results.json embeds it (in the benchmark context, which
// the results writer lifts to the top-level "context"), so percent of peak can be recomputed
// from the file alone; {"absent": why} without one.
nlohmann::json profile_for_results();

}  // namespace crucible
