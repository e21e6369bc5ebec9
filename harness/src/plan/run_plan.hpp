#pragma once
// RunPlan: the child tasks a suite asks for, resolved against the plugins found: selections
// matched by glob, parameter sets expanded, thread counts resolved, requirements checked.
// A selection that names something that does not exist is a SuiteError at its location.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "loader/plugin_catalog.hpp"
#include "suite/suite_spec.hpp"
#include "task/worker_task.hpp"

namespace crucible {

struct RunOptions {
  std::optional<std::string> only;  // glob over case names (plugin/workload/variant, plugin/workload/laws)
  std::optional<std::uint64_t> seed;
  bool props_only = false;
  bool bench_only = false;
  std::string reproduce;
  std::optional<int> repetitions;   // overrides [bench] repetitions
  std::optional<double> min_time_s; // overrides [bench] min_time
  bool smoke = false;               // benchmarks: first parameter set only, one short repetition
};

struct PlannedCase {
  std::string name;         // plugin/workload/variant or plugin/workload/laws
  std::string skip_reason;  // non-empty: not run, reported as skipped
  std::string load_error;   // non-empty: its plugin failed to load (infrastructure error)
  WorkerTask task;
};

// A [[peer]] of the suite: its case (the task exports the inputs and the reference output;
// the parent then runs the peer's program on them) and its declaration.
struct PlannedPeer {
  PlannedCase planned;
  PeerSpec spec;
};

struct RunPlan {
  std::uint64_t seed = 0;
  std::vector<PlannedCase> cases;
  std::vector<PlannedPeer> peers;  // benchmark runs only: peers time and agree, they never gate correctness
};

RunPlan plan_run(const SuiteSpec& suite, const std::vector<PluginEntry>& plugins, const RunOptions& options);

// The cartesian product of a workload's axes, defaults overridden by the selection's axes.
std::vector<nlohmann::json> parameter_sets(const nlohmann::json& workload, const Selection& selection);

}  // namespace crucible
