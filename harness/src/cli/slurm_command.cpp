// crucible slurm: a suite's shards as a Slurm job array, merged by a job that runs after it.
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <map>
#include <memory>
#include <random>
#include <sstream>

#include <crucible/exit_codes.hpp>

#include "cli/command_line.hpp"
#include "cli/commands.hpp"
#include "cli/number_options.hpp"
#include "fleet/sbatch_script.hpp"
#include "fleet/slurm_states.hpp"
#include "isolate/executable_path.hpp"
#include "results/atomic_file.hpp"
#include "suite/suite_parser.hpp"

namespace crucible {

const char* const kSlurmHelp = R"(usage: crucible slurm submit SUITE.toml --shards N --out DIR [options]
       crucible slurm status JOB

submit  writes two batch scripts into OUT/slurm and submits them with sbatch: a job array
        of N tasks, task K-1 running `crucible run SUITE --shard K/N --seed S --out OUT/shard-K`,
        and a merge job after it (--dependency=afterany:ARRAY_JOB, so it runs when shards
        failed too) running `crucible merge OUT/shard-1 ... --out OUT/merged`, which writes the
        reports and appends the merged run to the history; a shard that is missing there is
        named with its task's Slurm state. Prints both job ids.
status  the state of each task of the array job JOB (from squeue and sacct) and a count
        per state.

submit options:
  --shards N         the number of shards (array tasks), 1..1000
  --out DIR          the shared folder for the shards' and the merged results (required)
  --partition P      the Slurm partition (default: the cluster's)
  --gres G           generic resources per task, e.g. gpu:1
  --time T           time limit per task, e.g. 01:00:00
  --seed N           the seed of every shard (default: the suite's; a suite with seed 0 gets
                     one random seed, written into the script, for all shards)
  --plugins PATH     a plugin folder or file for the shards (repeatable)

exit codes: 0 submitted / status shown, 2 bad usage or suite,
            3 sbatch, squeue or sacct not on PATH, or Slurm refused the job
)";

namespace {

bool on_path(const std::string& program) {
  const char* path = std::getenv("PATH");
  std::istringstream folders(path ? path : "");
  for (std::string folder; std::getline(folders, folder, ':');) {
    if (folder.empty()) folder = ".";
    if (::access((std::filesystem::path(folder) / program).c_str(), X_OK) == 0) return true;
  }
  return false;
}

// Runs a shell command; its output (stdout and stderr) and exit status.
std::pair<int, std::string> run_shell(const std::string& command) {
  FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
  if (!pipe) throw ResourceError("cannot run `" + command + "`");
  std::string out;
  std::array<char, 512> buffer{};
  while (std::fgets(buffer.data(), buffer.size(), pipe)) out += buffer.data();
  const int status = ::pclose(pipe);
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
  return {WIFEXITED(status) ? WEXITSTATUS(status) : 128, out};
}

std::string first_line(const std::string& text) { return text.substr(0, text.find('\n')); }

// `sbatch --parsable ...`: the job id ("ID" or "ID;cluster").
std::string submit(const std::string& arguments) {
  const auto [status, out] = run_shell("sbatch --parsable " + arguments);
  const std::string id = first_line(out).substr(0, first_line(out).find(';'));
  if (status != 0 || !is_slurm_job_id(id)) {
    throw ResourceError("sbatch refused the job (exit " + std::to_string(status) + "): " + first_line(out));
  }
  return id;
}

int submit_command(const CommandLine& cl) {
  if (cl.positionals().size() != 2) throw UsageError("slurm submit needs one suite file (crucible slurm submit SUITE.toml --shards N --out DIR)");
  const auto shards_text = cl.option("--shards");
  if (!shards_text) throw UsageError("slurm submit needs --shards N, the number of array tasks");
  const auto out_text = cl.option("--out");
  if (!out_text) throw UsageError("slurm submit needs --out DIR, a folder every node can write");
  SlurmSubmitOptions o;
  o.shards = static_cast<int>(integer_option("--shards", *shards_text, 1, 1000));
  const std::string suite_path = cl.positionals()[1];
  const SuiteSpec suite = load_suite(suite_path);
  o.suite = std::filesystem::absolute(suite_path).lexically_normal().string();
  o.suite_name = suite.name;
  o.seed = cl.option("--seed") ? seed_option("--seed", *cl.option("--seed"), " (0 = one random seed for all shards)") : suite.seed;
  if (o.seed == 0) o.seed = (((std::uint64_t{std::random_device{}()} << 31) ^ std::random_device{}()) | 1) & 0x7fffffffffffffffull;
  o.out = std::filesystem::absolute(*out_text).lexically_normal().string();
  o.partition = cl.option("--partition").value_or("");
  o.gres = cl.option("--gres").value_or("");
  o.time = cl.option("--time").value_or("");
  for (const auto& p : cl.all("--plugins")) {
    o.run_args.push_back("--plugins");
    o.run_args.push_back(std::filesystem::absolute(p).lexically_normal().string());
  }
  o.crucible = executable_path().string();

  const std::filesystem::path folder = std::filesystem::path(o.out) / "slurm";
  std::error_code ec;
  std::filesystem::create_directories(folder, ec);
  if (ec || !std::filesystem::is_directory(folder)) throw UsageError(folder.string() + ": cannot create the folder (" + ec.message() + ")");
  const auto shards_script = folder / "shards.sbatch", merge_script = folder / "merge.sbatch";
  write_file_atomically(shards_script, shard_array_script(o));
  write_file_atomically(merge_script, merge_job_script(o));
  if (!on_path("sbatch")) {
    throw ResourceError("sbatch is not on PATH (not a Slurm submit host?); the job scripts are in " + folder.string() +
                        ": submit " + shards_script.filename().string() + " there, then " +
                        merge_script.filename().string() + " ARRAY_JOB with --dependency=afterany:ARRAY_JOB");
  }
  const std::string shards_job = submit(shell_word(shards_script.string()));
  const std::string merge_job =
      submit("--dependency=afterany:" + shards_job + " " + shell_word(merge_script.string()) + " " + shards_job);
  std::cout << "shards: job " << shards_job << " (array of " << o.shards << " task(s), seed " << o.seed << ", results in "
            << o.out << "/shard-K)\n";
  std::cout << "merge:  job " << merge_job << " (after the shards; results in " << o.out << "/merged)\n";
  std::cout << "progress: crucible slurm status " << shards_job << "\n";
  return exit_code::ok;
}

int status_command(const CommandLine& cl) {
  if (cl.positionals().size() != 2) throw UsageError("slurm status needs one job id (crucible slurm status JOB)");
  const std::string job = cl.positionals()[1];
  if (!is_slurm_job_id(job)) throw UsageError("'" + job + "' is not a Slurm job id (digits; crucible slurm status JOB)");
  if (!on_path("squeue") && !on_path("sacct")) throw ResourceError("neither squeue nor sacct is on PATH (not a Slurm host?)");
  const auto states = query_task_states(job);
  if (states.empty()) throw UsageError("neither squeue nor sacct knows array tasks of job " + job);
  std::map<std::string, int> counts;
  for (const auto& [k, state] : states) {
    std::cout << "shard " << k << " (task " << job << "_" << k - 1 << "): " << state << "\n";
    ++counts[state.substr(0, state.find(' '))];
  }
  std::string line;
  for (const auto& [state, n] : counts) line += (line.empty() ? "" : ", ") + std::to_string(n) + " " + state;
  std::cout << states.size() << " task(s): " << line << "\n";
  return exit_code::ok;
}

}  // namespace

int slurm_command(const std::vector<std::string>& args) {
  const CommandLine cl(args, {"--help"}, {"--shards", "--out", "--partition", "--gres", "--time", "--seed", "--plugins"});
  if (cl.flag("--help")) {
    std::cout << kSlurmHelp;
    return exit_code::ok;
  }
  if (cl.positionals().empty()) throw UsageError("missing subcommand: submit or status (see crucible slurm --help)");
  const std::string sub = cl.positionals()[0];
  if (sub == "submit") return submit_command(cl);
  if (sub == "status") return status_command(cl);
  throw UsageError("unknown subcommand '" + sub + "'; expected submit or status (see crucible slurm --help)");
}

}  // namespace crucible
