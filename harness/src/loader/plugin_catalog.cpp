#include "loader/plugin_catalog.hpp"

#include "capability/requirements_check.hpp"

namespace crucible {

const nlohmann::json* PluginEntry::workload(const std::string& workload_name) const {
  if (!description.contains("workloads")) return nullptr;
  for (const auto& w : description.at("workloads")) {
    if (w.value("name", "") == workload_name) return &w;
  }
  return nullptr;
}

std::vector<PluginEntry> catalog_plugins(const std::vector<std::filesystem::path>& files, WorkerLauncher& launcher) {
  std::vector<PluginEntry> entries;
  for (const auto& file : files) {
    PluginEntry entry;
    entry.path = file;
    entry.name = file.stem().string();
    const auto result = launcher.run({{"kind", "describe"}, {"plugin_path", file.string()}}, std::chrono::seconds(60));
    for (const auto& record : result.records) {
      if (record.value("type", "") == "describe") entry.description = record["description"];
      if (record.value("type", "") == "error") entry.error = record.value("message", "");
    }
    if (entry.error.empty() && !result.outcome.ok()) {
      entry.error = file.string() + ": loading it " + result.outcome.reason();
      if (!result.outcome.log_tail.empty()) entry.error += "; its output ends with: " + result.outcome.log_tail;
    }
    if (entry.ok()) {
      entry.name = entry.description.value("plugin", entry.name);
      // The harness, not the plugin, decides whether this machine meets each variant's needs.
      const std::string architectures = entry.description.value("cuda_architectures", "");
      for (auto& w : entry.description["workloads"]) {
        for (auto& v : w["variants"]) {
          v["unmet"] = unmet_requirements(v.value("requires", nlohmann::json::object()), architectures);
        }
      }
    }
    entries.push_back(std::move(entry));
  }
  return entries;
}

}  // namespace crucible
