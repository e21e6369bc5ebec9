#pragma once
#include "loader/plugin_library.hpp"
#include "results/record_log.hpp"
#include "task/worker_task.hpp"

namespace crucible {

// Digests of the variant's output across repeats, thread counts, a fresh instance and its
// bitwise reference, on the task's first parameter set; one "determinism" record.
void check_determinism(const PluginLibrary& plugin, const WorkerTask& task, RecordLog& log);

}  // namespace crucible
