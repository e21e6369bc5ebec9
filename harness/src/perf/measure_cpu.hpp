#pragma once
// The CPU measurement mode: one parameter set of a CPU variant at one thread count, timed by
// Google Benchmark's own loop on the monotonic clock (UseRealTime), Google Benchmark's
// repetitions and statistics.
#include <nlohmann/json.hpp>

#include "loader/plugin_library.hpp"
#include "task/worker_task.hpp"

namespace crucible {

// The case's "benchmark" record. initialize_benchmark_library must have run.
nlohmann::json measure_cpu(const PluginLibrary& plugin, const WorkerTask& task, const nlohmann::json& params,
                           unsigned threads);

}  // namespace crucible
