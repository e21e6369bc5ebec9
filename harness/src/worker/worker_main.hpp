#pragma once
// The child side of a worker task: reads the task file, runs what it asks for, and appends
// one JSON record per finished check to its RecordLog.
#include <string>

namespace crucible {

// Entry of `crucible __worker TASK RESULTS`; returns the process exit code.
int worker_main(const std::string& task_file, const std::string& record_file);

}  // namespace crucible
