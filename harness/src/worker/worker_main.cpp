#include "worker/worker_main.hpp"

#include <fstream>
#include <iostream>

#include "loader/plugin_instance.hpp"
#include "peer/peer_inputs.hpp"
#include "perf/benchmark_runner.hpp"
#include "perf/nvtx_ranges.hpp"
#include "props/determinism_check.hpp"
#include "props/property_runner.hpp"
#include "task/worker_task_json.hpp"

namespace crucible {

int worker_main(const std::string& task_file, const std::string& record_file) {
  // While the process has one thread: setenv races with getenv in threads the CUDA runtime
  // starts, and the injection path must be set before the first NVTX call (the benchmarks
  // ask again and get the same answer).
  prepare_nvtx_injection();
  RecordLog log(record_file);
  nlohmann::json task_json;
  try {
    std::ifstream in(task_file);
    task_json = nlohmann::json::parse(in);
  } catch (const std::exception& e) {
    std::cerr << "crucible worker: bad task file " << task_file << ": " << e.what() << "\n";
    return 3;
  }
  try {
    const auto task = task_json.get<WorkerTask>();
    PluginLibrary plugin(task.plugin_path);
    switch (task.kind) {
      case TaskKind::describe:
        log.append({{"type", "describe"}, {"description", describe_plugin(plugin)}});
        break;
      case TaskKind::laws:
        run_properties(plugin, task, log);
        break;
      case TaskKind::variant:
        run_properties(plugin, task, log);
        check_determinism(plugin, task, log);
        run_benchmarks(plugin, task, log);
        break;
      case TaskKind::peer_input:
        export_peer_inputs(plugin, task, log);
        break;
    }
  } catch (const std::exception& e) {
    log.append({{"type", "error"}, {"message", e.what()}});
    return 3;
  }
  return 0;
}

}  // namespace crucible
