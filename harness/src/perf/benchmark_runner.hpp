#pragma once
#include "loader/plugin_library.hpp"
#include "results/record_log.hpp"
#include "task/worker_task.hpp"

namespace crucible {

// The task's benchmarks: one "benchmark" record per parameter set (and thread count, on the
// CPU); GPU variants go through run_gpu_benchmarks.
void run_benchmarks(const PluginLibrary& plugin, const WorkerTask& task, RecordLog& log);

}  // namespace crucible
