#pragma once
// The work one child process does, as the parent plans it (JSON, written to a file):
//   {"kind": "describe" | "laws" | "variant",
//    "plugin_path", "plugin", "workload", "variant",
//    "seed", "reproduce",                                  // reproduce: RapidCheck replay string
//    "props": {"enabled", "cases", "max_size", "threads"}, "properties": [names to check],
//    "determinism": {"enabled", "repeats", "threads": [resolved counts], "reference": "cpu_ref" | null},
//    "bench": {"enabled", "repetitions", "min_time", "warmup", "threads": [counts]},
//    "param_sets": [{axis: value, ...}, ...]}
// The child appends one JSON record per finished check to its RecordLog.
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "loader/plugin_library.hpp"
#include "results/record_log.hpp"

namespace crucible {

// The seed of one named check: stable under --only and reordering, distinct per check.
std::uint64_t check_seed(std::uint64_t run_seed, const std::string& check_id);

// "a=1,b=x" style label of a parameter set, in the order the JSON object holds them.
std::string params_label(const nlohmann::json& params);

void run_properties(const PluginLibrary& plugin, const nlohmann::json& task, RecordLog& log);
void check_determinism(const PluginLibrary& plugin, const nlohmann::json& task, RecordLog& log);
void run_benchmarks(const PluginLibrary& plugin, const nlohmann::json& task, RecordLog& log);

// Entry of `crucible __worker TASK RESULTS`; returns the process exit code.
int worker_main(const std::string& task_file, const std::string& record_file);

}  // namespace crucible
