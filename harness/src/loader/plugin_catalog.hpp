#pragma once
// PluginCatalog: what every plugin file found declares, learned by describing each one in a
// worker process. A file that fails to load is kept with its error: the run reports it.
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "isolate/worker_launcher.hpp"

namespace crucible {

struct PluginEntry {
  std::filesystem::path path;
  std::string name;          // the plugin's own name, or the file stem when it failed to load
  std::string error;         // empty when loaded
  nlohmann::json description;  // see crucible_plugin_descriptor::describe, plus plugin/version/abi

  bool ok() const { return error.empty(); }
  const nlohmann::json* workload(const std::string& workload_name) const;
};

std::vector<PluginEntry> catalog_plugins(const std::vector<std::filesystem::path>& files, WorkerLauncher& launcher);

}  // namespace crucible
