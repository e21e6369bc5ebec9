#pragma once
// Runs one worker task (see worker/worker_task.hpp) in a child `crucible __worker` process and
// collects what it recorded, whether it finished, crashed or hung.
#include <chrono>
#include <filesystem>
#include <vector>

#include <nlohmann/json.hpp>

#include "isolate/child_process.hpp"
#include "task/worker_task.hpp"

namespace crucible {

struct WorkerResult {
  ChildOutcome outcome;
  std::vector<nlohmann::json> records;
};

class WorkerLauncher {
 public:
  // scratch: the folder for each task's file, records and log; created if missing. The launcher
// never removes it: `crucible run` and `crucible ab` delete it at the end unless given
// --keep-temp (for debugging).
  explicit WorkerLauncher(std::filesystem::path scratch);
  WorkerResult run(const WorkerTask& task, std::chrono::duration<double> timeout);
  // A task already in its JSON form (worker/worker_task_json.hpp).
  WorkerResult run(const nlohmann::json& task, std::chrono::duration<double> timeout);
  const std::filesystem::path& scratch() const { return scratch_; }

 private:
  std::filesystem::path scratch_;
  int next_ = 0;
};

}  // namespace crucible
