#include "task/worker_task_json.hpp"

#include <stdexcept>

namespace crucible {

namespace {

const char* kind_name(TaskKind kind) {
  switch (kind) {
    case TaskKind::describe: return "describe";
    case TaskKind::laws: return "laws";
    case TaskKind::variant: return "variant";
    case TaskKind::peer_input: return "peer_input";
  }
  return "?";
}

TaskKind kind_named(const std::string& name) {
  for (TaskKind kind : {TaskKind::describe, TaskKind::laws, TaskKind::variant, TaskKind::peer_input}) {
    if (name == kind_name(kind)) return kind;
  }
  throw std::invalid_argument("unknown task kind '" + name + "'");
}

// Leaves `field` at its default when the key is absent.
template <typename T>
void read(const nlohmann::json& j, const char* key, T& field) {
  if (const auto it = j.find(key); it != j.end()) it->get_to(field);
}

nlohmann::json props_json(const PropsConfig& c) {
  return {{"enabled", c.enabled}, {"cases", c.cases}, {"max_size", c.max_size}, {"threads", c.threads}};
}

nlohmann::json determinism_json(const DeterminismConfig& c) {
  return {{"enabled", c.enabled},
          {"repeats", c.repeats},
          {"threads", c.threads},
          {"reference", c.reference ? nlohmann::json(*c.reference) : nlohmann::json()}};
}

nlohmann::json bench_json(const BenchConfig& c) {
  return {{"enabled", c.enabled},           {"repetitions", c.repetitions}, {"min_time", c.min_time_s},
          {"warmup", c.warmup},             {"timing", c.timing},           {"noise_target", c.noise_target},
          {"time_budget", c.time_budget_s}, {"cupti_runs", c.cupti_runs},   {"threads", c.threads}};
}

void read_props(const nlohmann::json& j, PropsConfig& c) {
  read(j, "enabled", c.enabled);
  read(j, "cases", c.cases);
  read(j, "max_size", c.max_size);
  read(j, "threads", c.threads);
}

void read_determinism(const nlohmann::json& j, DeterminismConfig& c) {
  read(j, "enabled", c.enabled);
  read(j, "repeats", c.repeats);
  read(j, "threads", c.threads);
  if (const auto it = j.find("reference"); it != j.end() && it->is_string()) c.reference = it->get<std::string>();
}

void read_bench(const nlohmann::json& j, BenchConfig& c) {
  read(j, "enabled", c.enabled);
  read(j, "repetitions", c.repetitions);
  read(j, "min_time", c.min_time_s);
  read(j, "warmup", c.warmup);
  read(j, "timing", c.timing);
  read(j, "noise_target", c.noise_target);
  read(j, "time_budget", c.time_budget_s);
  read(j, "cupti_runs", c.cupti_runs);
  read(j, "threads", c.threads);
}

}  // namespace

void to_json(nlohmann::json& j, const WorkerTask& task) {
  j = {{"kind", kind_name(task.kind)},
       {"plugin_path", task.plugin_path},
       {"plugin", task.plugin},
       {"workload", task.workload},
       {"variant", task.variant},
       {"seed", task.seed},
       {"reproduce", task.reproduce},
       {"threaded", task.threaded},
       {"props", props_json(task.props)},
       {"properties", task.properties},
       {"determinism", determinism_json(task.determinism)},
       {"bench", bench_json(task.bench)},
       {"param_sets", task.param_sets}};
  if (!task.export_dir.empty()) j["export_dir"] = task.export_dir;
}

void from_json(const nlohmann::json& j, WorkerTask& task) {
  task = WorkerTask{};
  task.kind = kind_named(j.value("kind", ""));
  read(j, "plugin_path", task.plugin_path);
  read(j, "plugin", task.plugin);
  read(j, "workload", task.workload);
  read(j, "variant", task.variant);
  read(j, "seed", task.seed);
  read(j, "reproduce", task.reproduce);
  read(j, "threaded", task.threaded);
  if (const auto it = j.find("props"); it != j.end()) read_props(*it, task.props);
  read(j, "properties", task.properties);
  if (const auto it = j.find("determinism"); it != j.end()) read_determinism(*it, task.determinism);
  if (const auto it = j.find("bench"); it != j.end()) read_bench(*it, task.bench);
  read(j, "param_sets", task.param_sets);
  read(j, "export_dir", task.export_dir);
}

}  // namespace crucible
