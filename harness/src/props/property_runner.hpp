#pragma once
#include "loader/plugin_library.hpp"
#include "results/record_log.hpp"
#include "task/worker_task.hpp"

namespace crucible {

// Runs a task's properties (laws of a workload, or the equivalences of one variant) inside the
// plugin, one RapidCheck check each, with a seed derived from the run seed and the check's
// name; one "property" record each.
void run_properties(const PluginLibrary& plugin, const WorkerTask& task, RecordLog& log);

}  // namespace crucible
