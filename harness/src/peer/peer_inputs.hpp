#pragma once
// The worker's half of a peer case: for each parameter set, the workload's exported input,
// its parameters and the reference variant's output, as files a peer program reads and the
// parent compares against. Inputs are built from the same seeds as the variants' benchmarks,
// so the peer times the same job on the same data.
#include <filesystem>
#include <string>

#include "loader/plugin_library.hpp"
#include "results/record_log.hpp"
#include "task/worker_task.hpp"

namespace crucible {

// FOLDER/input-K.bin, FOLDER/params-K.json and FOLDER/reference-K.bin, K = 0, 1, ...
struct PeerFiles {
  std::filesystem::path input, params, reference, output, times, log;
};
PeerFiles peer_files(const std::filesystem::path& folder, std::size_t index);

// Writes the files for every parameter set of the task (its variant is the reference) into
// task.export_dir; one "peer_input" record each, or an "error" record.
void export_peer_inputs(const PluginLibrary& plugin, const WorkerTask& task, RecordLog& log);

}  // namespace crucible
