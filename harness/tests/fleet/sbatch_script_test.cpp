#include <gtest/gtest.h>

#include "fleet/sbatch_script.hpp"

namespace crucible {
namespace {

SlurmSubmitOptions options() {
  SlurmSubmitOptions o;
  o.crucible = "/opt/crucible/bin/crucible";
  o.suite = "/home/me/suites/quick.toml";
  o.suite_name = "quick";
  o.shards = 3;
  o.seed = 4242;
  o.out = "/shared/runs/r1";
  o.partition = "gpu";
  o.gres = "gpu:1";
  o.time = "01:00:00";
  o.run_args = {"--plugins", "/shared/my plugins"};
  return o;
}

TEST(SbatchScript, ArrayOfOneTaskPerShard) {
  EXPECT_EQ(shard_array_script(options()),
            "#!/bin/bash\n"
            "#SBATCH --job-name=crucible-quick\n"
            "#SBATCH --output=/shared/runs/r1/slurm/shard-%a.log\n"
            "#SBATCH --partition=gpu\n"
            "#SBATCH --time=01:00:00\n"
            "#SBATCH --array=0-2\n"
            "#SBATCH --gres=gpu:1\n"
            "# One task per shard of 3; every task plans the same split (same suite, seed and plugins).\n"
            "set -u\n"
            "shard=$((SLURM_ARRAY_TASK_ID + 1))\n"
            "exec /opt/crucible/bin/crucible run /home/me/suites/quick.toml --shard \"$shard/3\" --seed 4242 "
            "--plugins '/shared/my plugins' --out /shared/runs/r1/shard-\"$shard\"\n");
}

TEST(SbatchScript, MergeJobNamesEveryShardAndTheArrayJob) {
  EXPECT_EQ(merge_job_script(options()),
            "#!/bin/bash\n"
            "#SBATCH --job-name=crucible-quick-merge\n"
            "#SBATCH --output=/shared/runs/r1/slurm/merge.log\n"
            "#SBATCH --partition=gpu\n"
            "#SBATCH --time=01:00:00\n"
            "# Runs after every shard task ended (afterany): merges, writes the reports, appends the history.\n"
            "set -u\n"
            "exec /opt/crucible/bin/crucible merge /shared/runs/r1/shard-1 /shared/runs/r1/shard-2 "
            "/shared/runs/r1/shard-3 --out /shared/runs/r1/merged --slurm-job \"$1\"\n");
}

TEST(SbatchScript, OptionalDirectivesLeftOutAndWordsQuoted) {
  auto o = options();
  o.partition = o.gres = o.time = "";
  o.run_args.clear();
  o.out = "/shared/it's here";
  o.shards = 1;
  const auto script = shard_array_script(o);
  EXPECT_EQ(script.find("--partition"), std::string::npos);
  EXPECT_EQ(script.find("--gres"), std::string::npos);
  EXPECT_EQ(script.find("--time"), std::string::npos);
  EXPECT_NE(script.find("#SBATCH --array=0-0\n"), std::string::npos);
  EXPECT_NE(script.find("--out '/shared/it'\\''s here'/shard-\"$shard\"\n"), std::string::npos) << script;
  EXPECT_EQ(shell_word("a b"), "'a b'");
  EXPECT_EQ(shell_word(""), "''");
  EXPECT_EQ(shell_word("gpu:1"), "gpu:1");
}

}  // namespace
}  // namespace crucible
