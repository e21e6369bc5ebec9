// Runs a task's properties (laws of a workload, or the equivalences of one variant) inside the
// plugin, one RapidCheck check each, with a seed derived from the run seed and the check's name.
#include "loader/plugin_instance.hpp"
#include "perf/gpu_session.hpp"
#include "worker/worker_task.hpp"

namespace crucible {

void run_properties(const PluginLibrary& plugin, const nlohmann::json& task, RecordLog& log) {
  const auto& props = task.at("props");
  if (!props.value("enabled", true)) return;
  const std::string workload = task.at("workload");
  const std::string plugin_name = task.at("plugin");
  // A CUDA variant's equivalences run on a harness-owned stream, as its benchmarks do, so that
  // a variant that ignores the stream it is given (or syncs the wrong one) fails here.
  std::unique_ptr<GpuSession> session;
  if (task.contains("variant") && requires_cuda(variant_description(plugin, workload, task["variant"]))) {
    session = GpuSession::open(nullptr);
  }
  for (const auto& property : task.value("properties", nlohmann::json::array())) {
    const std::string name = property.get<std::string>();
    const std::string id = plugin_name + "/" + workload + "/" + name;
    const std::uint64_t seed = check_seed(task.at("seed").get<std::uint64_t>(), id);
    nlohmann::json config = {{"seed", seed},
                             {"cases", props.value("cases", 100)},
                             {"max_size", props.value("max_size", 100)},
                             {"threads", props.value("threads", 1)},
                             {"reproduce", task.value("reproduce", "")}};
    if (session) config["stream"] = reinterpret_cast<std::uintptr_t>(session->stream());
    nlohmann::json record = {{"type", "property"},     {"plugin", plugin_name}, {"workload", workload},
                             {"property", name},       {"seed", seed},          {"variant", task.value("variant", "")},
                             {"kind", name.rfind("equal:", 0) == 0 ? "equivalence" : "law"}};
    try {
      record.update(check_plugin_property(plugin, workload, name, config));
    } catch (const std::exception& e) {
      record["status"] = "error";
      record["message"] = e.what();
    }
    log.append(record);
  }
}

}  // namespace crucible
