#include <fstream>
#include <iostream>

#include <xxhash.h>

#include "loader/plugin_instance.hpp"
#include "perf/nvtx_ranges.hpp"
#include "worker/worker_task.hpp"

namespace crucible {

std::uint64_t check_seed(std::uint64_t run_seed, const std::string& check_id) {
  return XXH64(check_id.data(), check_id.size(), run_seed);
}

std::string params_label(const nlohmann::json& params) {
  std::string label;
  for (const auto& [key, value] : params.items()) {
    if (!label.empty()) label += "/";
    label += key + ":" + (value.is_string() ? value.get<std::string>() : value.dump());
  }
  return label;
}

int worker_main(const std::string& task_file, const std::string& record_file) {
  // While the process has one thread: setenv races with getenv in threads the CUDA runtime
  // starts, and the injection path must be set before the first NVTX call (the benchmarks
  // ask again and get the same answer).
  prepare_nvtx_injection();
  RecordLog log(record_file);
  nlohmann::json task;
  try {
    std::ifstream in(task_file);
    task = nlohmann::json::parse(in);
  } catch (const std::exception& e) {
    std::cerr << "crucible worker: bad task file " << task_file << ": " << e.what() << "\n";
    return 3;
  }
  const std::string kind = task.value("kind", "");
  try {
    PluginLibrary plugin(task.at("plugin_path").get<std::string>());
    if (kind == "describe") {
      log.append({{"type", "describe"}, {"description", describe_plugin(plugin)}});
    } else if (kind == "laws") {
      run_properties(plugin, task, log);
    } else if (kind == "variant") {
      run_properties(plugin, task, log);
      check_determinism(plugin, task, log);
      run_benchmarks(plugin, task, log);
    } else {
      throw std::invalid_argument("unknown task kind '" + kind + "'");
    }
  } catch (const std::exception& e) {
    log.append({{"type", "error"}, {"message", e.what()}});
    return 3;
  }
  return 0;
}

}  // namespace crucible
