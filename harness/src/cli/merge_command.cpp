// crucible merge: the shards of one suite (crucible run --shard K/N) joined into one run.
#include <filesystem>
#include <iostream>

#include <crucible/exit_codes.hpp>

#include "cli/command_line.hpp"
#include "cli/commands.hpp"
#include "cli/output_folder.hpp"
#include "fleet/shard_merge.hpp"
#include "fleet/slurm_states.hpp"
#include "history/history_store.hpp"
#include "report/reporter_registry.hpp"
#include "report/run_reports.hpp"
#include "results/atomic_file.hpp"
#include "results/results_file.hpp"

namespace crucible {

const char* const kMergeHelp = R"(usage: crucible merge DIR... --out DIR [--slurm-job JOB]

Joins the results of a suite's shards (each DIR holds the results.json of one
`crucible run SUITE --shard K/N`) into one OUT/results.json, as one run of the whole suite
would have written it, with the reports beside it ({report files}),
and appends the merged run to the history store (CRUCIBLE_HISTORY=FILE or off).

Refuses (exit 2) shards of different suites, seeds, Crucible versions, shard counts or
plans, a shard given twice, and a results.json that is not a shard's. Each case keeps the
hardware fingerprint of the machine that ran it; shards run on different hardware give the
merged run a fingerprint of its own, so compare never takes them for one machine.
A shard that is missing (not given, or a DIR without results.json) is never dropped: its
cases are in the merged results as errors marked missing, and merge exits 3.

options:
  --out DIR          where the merged results.json and reports go (required)
  --slurm-job JOB    the Slurm array job that ran the shards: a missing shard is reported
                     with its task's state from sacct or squeue (COMPLETED, FAILED, TIMEOUT, ...)

exit codes: 0 all passed, 1 correctness failure, 2 bad usage or shards that do not belong
            together, 3 a shard missing or an infrastructure error in a shard
)";

int merge_command(const std::vector<std::string>& args) {
  const CommandLine cl(args, {"--help"}, {"--out", "--slurm-job"});
  if (cl.flag("--help")) {
    std::cout << with_report_formats(kMergeHelp);
    return exit_code::ok;
  }
  if (cl.positionals().empty()) throw UsageError("merge needs the shards' folders (crucible merge DIR... --out DIR)");
  const auto out_option = cl.option("--out");
  if (!out_option) throw UsageError("merge needs --out DIR, where the merged results.json goes");
  const auto job = cl.option("--slurm-job");
  if (job && !is_slurm_job_id(*job)) throw UsageError("--slurm-job must be a Slurm job id (digits), got '" + *job + "'");

  std::vector<ShardInput> inputs;
  for (const auto& folder : cl.positionals()) {
    std::error_code ec;
    if (std::filesystem::exists(folder, ec) && !std::filesystem::is_directory(folder, ec)) {
      throw UsageError(folder + ": not a folder (merge takes the shards' --out folders)");
    }
    const auto file = std::filesystem::path(folder) / "results.json";
    ShardInput input{folder, std::nullopt};
    if (std::filesystem::exists(file, ec)) input.results = load_results_file(file.string());
    inputs.push_back(std::move(input));
  }
  const std::filesystem::path out = *out_option;
  // Refusals come before the output folder is made: a refused merge leaves nothing behind.
  const auto doc = merge_shard_results(inputs, job ? query_task_states(*job) : std::map<int, std::string>{});
  const OutputFolder output(out);

  write_file_atomically(out / "results.json", doc.dump(2) + "\n");
  write_run_reports(doc, out);
  if (const auto note = record_run_history(doc, out / "results.json"); !note.empty()) std::cerr << "crucible: " << note << "\n";
  const std::size_t count = doc["shards"].size() + doc["missing_shards"].size();
  for (const auto& s : doc["shards"]) {
    std::cout << "shard " << s["index"].get<int>() << "/" << count << ": " << s["folder"].get<std::string>()
              << " (host " << s["host"].get<std::string>() << ", hardware " << s["fingerprint"].get<std::string>() << ")\n";
  }
  for (const auto& m : doc["missing_shards"]) {
    std::cerr << "crucible merge: " << m["reason"].get<std::string>() << "; " << m["cases"].size() << " case(s) marked missing\n";
  }
  const auto& summary = doc["summary"];
  std::cout << summary["passed"] << " passed, " << summary["failed"] << " failed, " << summary["error"] << " errors ("
            << summary["missing"] << " missing), " << summary["skipped"] << " skipped\n";
  std::cout << "results: " << (out / "results.json").string() << "\n";
  return summary["exit_code"].get<int>();
}

}  // namespace crucible
