#include "props/property_runner.hpp"

#include "loader/plugin_instance.hpp"
#include "perf/gpu_session.hpp"
#include "task/check_seed.hpp"

namespace crucible {

void run_properties(const PluginLibrary& plugin, const WorkerTask& task, RecordLog& log) {
  const PropsConfig& props = task.props;
  if (!props.enabled) return;
  const std::string& workload = task.workload;
  const std::string& plugin_name = task.plugin;
  // A CUDA variant's equivalences run on a harness-owned stream, as its benchmarks do, so that
  // a variant that ignores the stream it is given (or syncs the wrong one) fails here.
  std::unique_ptr<GpuSession> session;
  if (!task.variant.empty() && requires_cuda(variant_description(plugin, workload, task.variant))) {
    session = GpuSession::open(nullptr);
  }
  for (const std::string& name : task.properties) {
    const std::string id = plugin_name + "/" + workload + "/" + name;
    const std::uint64_t seed = check_seed(task.seed, id);
    nlohmann::json config = {{"seed", seed},
                             {"cases", props.cases},
                             {"max_size", props.max_size},
                             {"threads", props.threads},
                             {"reproduce", task.reproduce}};
    if (session) config["stream"] = reinterpret_cast<std::uintptr_t>(session->stream());
    nlohmann::json record = {{"type", "property"},     {"plugin", plugin_name}, {"workload", workload},
                             {"property", name},       {"seed", seed},          {"variant", task.variant},
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
