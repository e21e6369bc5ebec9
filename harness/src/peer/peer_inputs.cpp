#include "peer/peer_inputs.hpp"

#include <fstream>

#include "loader/plugin_instance.hpp"
#include "results/atomic_file.hpp"
#include "task/check_seed.hpp"

namespace crucible {

PeerFiles peer_files(const std::filesystem::path& folder, std::size_t index) {
  const std::string k = std::to_string(index);
  return {folder / ("input-" + k + ".bin"),  folder / ("params-" + k + ".json"), folder / ("reference-" + k + ".bin"),
          folder / ("output-" + k + ".bin"), folder / ("times-" + k + ".json"),   folder / ("peer-" + k + ".log")};
}

void export_peer_inputs(const PluginLibrary& plugin, const WorkerTask& task, RecordLog& log) {
  const std::filesystem::path folder = task.export_dir;
  for (std::size_t i = 0; i < task.param_sets.size(); ++i) {
    const auto& params = task.param_sets[i];
    try {
      const PeerFiles files = peer_files(folder, i);
      // The benchmarks' seed for these parameters: the peer gets the variants' inputs.
      const std::uint64_t seed = check_seed(task.seed, "bench/" + params.dump());
      crucible_run_context context{1, nullptr, nullptr, nullptr};
      PluginInstance instance(plugin, task.workload, task.variant, params, seed, context);
      const auto input = instance.input();
      write_file_atomically(files.input, std::string(reinterpret_cast<const char*>(input.data()), input.size()));
      write_file_atomically(files.params, params.dump() + "\n");
      if (const char* error = instance.run(context)) throw PluginCallError(std::string("run ") + task.variant + ": " + error);
      const auto reference = instance.output();
      write_file_atomically(files.reference,
                            std::string(reinterpret_cast<const char*>(reference.data()), reference.size()));
      const crucible_work work = instance.work();
      log.append({{"type", "peer_input"},
                  {"index", i},
                  {"params", params},
                  {"work", {{"bytes", work.bytes}, {"ops", work.ops}, {"ops_type", ops_type_name(work.ops_type)}}},
                  {"input_bytes", input.size()},
                  {"reference_bytes", reference.size()}});
    } catch (const std::exception& e) {
      log.append({{"type", "error"}, {"message", "exporting the input for " + params.dump() + ": " + e.what()}});
      return;
    }
  }
}

}  // namespace crucible
