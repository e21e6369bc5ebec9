#include "isolate/worker_launcher.hpp"

#include <unistd.h>

#include <fstream>

#include "isolate/memory_limit.hpp"
#include "results/record_log.hpp"
#include "task/worker_task_json.hpp"

namespace crucible {

WorkerLauncher::WorkerLauncher(const std::string& name, bool keep_scratch)
    : scratch_(name, keep_scratch), memory_limit_bytes_(default_memory_limit_bytes()) {}

WorkerResult WorkerLauncher::run(const WorkerTask& task, std::chrono::duration<double> timeout) {
  return run(nlohmann::json(task), timeout);
}

WorkerResult WorkerLauncher::run(const nlohmann::json& task, std::chrono::duration<double> timeout) {
  const std::string stem = "task-" + std::to_string(++next_);
  const auto task_file = scratch_.path() / (stem + ".json");
  const auto record_file = scratch_.path() / (stem + ".records.jsonl");
  const auto log_file = scratch_.path() / (stem + ".log");
  {
    std::ofstream out(task_file);
    out << task.dump(2);
  }
  std::filesystem::remove(record_file);
  WorkerResult result;
  // The parent's own executable through /proc/PID/exe: it names the running file even when a
  // rebuild has replaced crucible on disk during a run, so every worker is the same build.
  const std::string self = "/proc/" + std::to_string(::getpid()) + "/exe";
  result.outcome = run_child({self, "__worker", task_file.string(), record_file.string()},
                             log_file, timeout, memory_limit_bytes_);
  result.records = RecordLog::read(record_file);
  return result;
}

}  // namespace crucible
