#pragma once
// Runs one worker task (see task/worker_task.hpp) in a child `crucible __worker` process and
// collects what it recorded, whether it finished, crashed or hung.
#include <chrono>
#include <filesystem>
#include <vector>

#include <nlohmann/json.hpp>

#include "isolate/child_process.hpp"
#include "isolate/interrupt.hpp"
#include "isolate/scratch_folder.hpp"
#include "task/worker_task.hpp"

namespace crucible {

struct WorkerResult {
  ChildOutcome outcome;
  std::vector<nlohmann::json> records;
};

class WorkerLauncher {
 public:
  // Each task's file, records and log go to a scratch folder, /tmp/crucible-NAME-XXXXXX,
  // removed with the launcher unless keep_scratch (--keep-temp, for debugging). While the
  // launcher lives, Ctrl-C and SIGTERM end the worker in flight and the next run() throws
  // Interrupted (isolate/interrupt.hpp), so that nothing is left behind.
  explicit WorkerLauncher(const std::string& name, bool keep_scratch = false);
  WorkerResult run(const WorkerTask& task, std::chrono::duration<double> timeout);
  // A task already in its JSON form (task/worker_task_json.hpp).
  WorkerResult run(const nlohmann::json& task, std::chrono::duration<double> timeout);
  // Each worker's memory limit from now on (isolate/memory_limit.hpp); 0: none. The default
  // is default_memory_limit_bytes().
  void set_memory_limit(std::uint64_t bytes) { memory_limit_bytes_ = bytes; }
  std::uint64_t memory_limit_bytes() const { return memory_limit_bytes_; }
  const std::filesystem::path& scratch() const { return scratch_.path(); }
  bool keeps_scratch() const { return scratch_.kept(); }

 private:
  InterruptForwarding forwarding_;
  ScratchFolder scratch_;
  int next_ = 0;
  std::uint64_t memory_limit_bytes_;
};

}  // namespace crucible
