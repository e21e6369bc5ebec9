#pragma once
// WorkerTask: the work one child process does, as the parent plans it. The parent writes it
// to a file as JSON (worker_task_json.hpp) and the child reads it back; everywhere else it is
// this typed struct. Each setting's default is its member initializer here, and the suite
// model (suite/suite_spec.hpp) takes its defaults from these.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace crucible {

// peer_input: the exported inputs and reference outputs a peer program runs on (peer/).
enum class TaskKind { describe, laws, variant, peer_input };

// Properties: the laws of a workload, or the equivalences of one variant.
struct PropsConfig {
  bool enabled = true;
  int cases = 100;
  int max_size = 100;
  unsigned threads = 1;  // Context::threads() while properties run

  bool operator==(const PropsConfig&) const = default;
};

// Output digests across repeats, thread counts, a fresh instance and a bitwise reference.
struct DeterminismConfig {
  bool enabled = true;
  int repeats = 3;
  std::vector<unsigned> threads{1};      // resolved counts (no 0 = "all cores")
  std::optional<std::string> reference;  // a variant promised bitwise equal

  bool operator==(const DeterminismConfig&) const = default;
};

struct BenchConfig {
  bool enabled = true;
  int repetitions = 5;
  double min_time_s = 0.05;
  int warmup = 1;
  std::string timing = "hot";   // the primary GPU mode: cold | hot | graph
  double noise_target = 0.005;  // GPU sampling stops when stddev / mean of the samples is under this
  double time_budget_s = 0;     // GPU sampling's time limit per mode; 0 = max(0.5 s, 10 x min_time)
  std::size_t cupti_runs = 10;  // runs traced by the CUPTI pass of a GPU case
  std::vector<unsigned> threads{1};

  bool operator==(const BenchConfig&) const = default;
};

struct WorkerTask {
  TaskKind kind = TaskKind::variant;
  std::string plugin_path;
  std::string plugin;
  std::string workload;
  std::string variant;  // empty for laws and describe
  std::uint64_t seed = 0;
  std::string reproduce;  // RapidCheck replay string
  bool threaded = false;  // the variant takes Context::threads() into account
  PropsConfig props;
  std::vector<std::string> properties;  // names to check
  DeterminismConfig determinism;
  BenchConfig bench;
  std::vector<nlohmann::json> param_sets;  // {axis: value, ...} each
  std::string export_dir;  // peer_input: the folder its files go to

  bool operator==(const WorkerTask&) const = default;
};

}  // namespace crucible
