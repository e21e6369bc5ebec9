#include "fleet/sbatch_script.hpp"

namespace crucible {

std::string shell_word(const std::string& word) {
  const bool plain = !word.empty() && word.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                                             "0123456789_-./:=+,@%") == std::string::npos;
  if (plain) return word;
  std::string out = "'";
  for (char c : word) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

namespace {

std::string directives(const SlurmSubmitOptions& o, const std::string& job_name, const std::string& log) {
  std::string s = "#!/bin/bash\n";
  s += "#SBATCH --job-name=" + shell_word(job_name) + "\n";
  s += "#SBATCH --output=" + shell_word(log) + "\n";
  if (!o.partition.empty()) s += "#SBATCH --partition=" + shell_word(o.partition) + "\n";
  if (!o.time.empty()) s += "#SBATCH --time=" + shell_word(o.time) + "\n";
  return s;
}

}  // namespace

std::string shard_array_script(const SlurmSubmitOptions& o) {
  const std::string n = std::to_string(o.shards);
  std::string s = directives(o, "crucible-" + o.suite_name, o.out + "/slurm/shard-%a.log");
  s += "#SBATCH --array=0-" + std::to_string(o.shards - 1) + "\n";
  if (!o.gres.empty()) s += "#SBATCH --gres=" + shell_word(o.gres) + "\n";
  s += "# One task per shard of " + n + "; every task plans the same split (same suite, seed and plugins).\n";
  s += "set -u\n";
  s += "shard=$((SLURM_ARRAY_TASK_ID + 1))\n";
  s += "exec " + shell_word(o.crucible) + " run " + shell_word(o.suite) + " --shard \"$shard/" + n + "\" --seed " +
       std::to_string(o.seed);
  for (const auto& a : o.run_args) s += " " + shell_word(a);
  s += " --out " + shell_word(o.out) + "/shard-\"$shard\"\n";
  return s;
}

std::string merge_job_script(const SlurmSubmitOptions& o) {
  std::string s = directives(o, "crucible-" + o.suite_name + "-merge", o.out + "/slurm/merge.log");
  s += "# Runs after every shard task ended (afterany): merges, writes the reports, appends the history.\n";
  s += "set -u\n";
  s += "exec " + shell_word(o.crucible) + " merge";
  for (int k = 1; k <= o.shards; ++k) s += " " + shell_word(o.out + "/shard-" + std::to_string(k));
  s += " --out " + shell_word(o.out + "/merged") + " --slurm-job \"$1\"\n";
  return s;
}

}  // namespace crucible
