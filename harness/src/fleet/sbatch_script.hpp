#pragma once
// The two batch scripts of `crucible slurm submit`: a job array with one task per shard, and
// the merge job that runs after it (submitted with --dependency=afterany:ARRAY_JOB, so it runs
// even when a shard failed, and names what is missing).
#include <cstdint>
#include <string>
#include <vector>

namespace crucible {

struct SlurmSubmitOptions {
  std::string crucible;       // absolute path of the crucible executable the jobs run
  std::string suite;          // absolute path of the suite file
  std::string suite_name;     // for the job names
  int shards = 1;
  std::uint64_t seed = 0;     // fixed for every shard: a random seed would differ per task
  std::string out;            // absolute; shards write OUT/shard-K, the merge OUT/merged
  std::string partition;      // empty: the cluster's default
  std::string gres;           // e.g. gpu:1; empty: none
  std::string time;           // e.g. 01:00:00; empty: the partition's default
  std::vector<std::string> run_args;  // further `crucible run` arguments (--plugins DIR, ...), each one word
};

// The array script: `crucible run SUITE --shard $((SLURM_ARRAY_TASK_ID+1))/N --out OUT/shard-K`.
std::string shard_array_script(const SlurmSubmitOptions& options);
// The merge script: `crucible merge OUT/shard-1 ... OUT/shard-N --out OUT/merged --slurm-job $1`
// (the array's job id is its first argument), which writes the reports and appends the history.
std::string merge_job_script(const SlurmSubmitOptions& options);

// A word quoted for the shell ('...' with ' escaped), unless it needs no quoting.
std::string shell_word(const std::string& word);

}  // namespace crucible
