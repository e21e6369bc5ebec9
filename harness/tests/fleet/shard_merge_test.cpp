#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "compare/fingerprint.hpp"
#include "fleet/shard_assignment.hpp"
#include "fleet/shard_merge.hpp"
#include "fleet/shard_record.hpp"
#include "fleet/slurm_states.hpp"

namespace crucible {
namespace {

const std::vector<std::string> kPlan = {"p/w/laws", "p/w/cpu_ref", "p/w/cpu_fast", "q/w/cpu"};

// The results.json of shard k of n over kPlan, as `crucible run --shard k/n` writes it: the
// cases of that shard, one benchmark each, the machine's context.
nlohmann::json shard_doc(int k, int n, int num_cpus = 2, const std::string& suite = "s", std::uint64_t seed = 7,
                         const std::string& version = "0.1.0") {
  const auto assignment = assign_shards(kPlan, n, {});
  nlohmann::json doc = {{"schema", "crucible.results/1"},
                        {"crucible_version", version},
                        {"suite", {{"name", suite}, {"path", "s.toml"}}},
                        {"seed", seed},
                        {"started", "2026-01-01T00:00:0" + std::to_string(k) + "Z"},
                        {"finished", "2026-01-01T00:01:0" + std::to_string(k) + "Z"},
                        {"context", {{"host_name", "node" + std::to_string(k)}, {"num_cpus", num_cpus}}},
                        {"plugins", {{{"name", "p"}, {"status", "loaded"}}}},
                        {"cases", nlohmann::json::array()},
                        {"properties", nlohmann::json::array()},
                        {"determinism", nlohmann::json::array()},
                        {"benchmarks", nlohmann::json::array()},
                        {"summary", {{"exit_code", 0}}}};
  for (std::size_t i = 0; i < kPlan.size(); ++i) {
    if (assignment.shard_of[i] != k) continue;
    doc["cases"].push_back({{"name", kPlan[i]}, {"status", "passed"}, {"seconds", 1.0}});
    doc["determinism"].push_back({{"case", kPlan[i]}, {"runs", {{{"digest", "d" + std::to_string(i)}}}}});
    doc["benchmarks"].push_back({{"name", kPlan[i] + "/n:1"}, {"case", kPlan[i]}, {"real_time", 1.0}});
  }
  doc["shard"] = shard_record(ShardSpec{k, n}, suite, seed, version, kPlan, assignment);
  return doc;
}

std::string refusal(const std::vector<ShardInput>& inputs) {
  try {
    merge_shard_results(inputs);
  } catch (const ShardMergeError& e) {
    return e.what();
  }
  return "(merged)";
}

TEST(ShardMerge, AllShardsGiveThePlanInOrderWithEachShardsFingerprint) {
  const auto merged = merge_shard_results({{"b", shard_doc(2, 2)}, {"a", shard_doc(1, 2)}});
  ASSERT_EQ(merged["cases"].size(), kPlan.size());
  for (std::size_t i = 0; i < kPlan.size(); ++i) {
    EXPECT_EQ(merged["cases"][i]["name"], kPlan[i]);
    EXPECT_EQ(merged["cases"][i]["status"], "passed");
    EXPECT_EQ(merged["cases"][i]["fingerprint"], hardware_fingerprint(shard_doc(1, 2)));
  }
  EXPECT_EQ(merged["benchmarks"].size(), kPlan.size());
  EXPECT_EQ(merged["determinism"].size(), kPlan.size());
  EXPECT_EQ(merged["summary"]["passed"], 4);
  EXPECT_EQ(merged["summary"]["exit_code"], 0);
  EXPECT_TRUE(merged["missing_shards"].empty());
  EXPECT_FALSE(merged.contains("shard"));  // a merged run is not a shard to merge again
  EXPECT_EQ(merged["started"], "2026-01-01T00:00:01Z");
  EXPECT_EQ(merged["finished"], "2026-01-01T00:01:02Z");
  // Shards of one kind of machine: the merged run has that machine's fingerprint.
  EXPECT_EQ(hardware_fingerprint(merged), hardware_fingerprint(shard_doc(1, 2)));
}

TEST(ShardMerge, ShardsOnDifferentHardwareAreNotOneMachine) {
  const auto merged = merge_shard_results({{"a", shard_doc(1, 2, 2)}, {"b", shard_doc(2, 2, 64)}});
  const auto one = shard_doc(1, 2, 2), other = shard_doc(2, 2, 64);
  EXPECT_NE(hardware_fingerprint(one), hardware_fingerprint(other));
  for (const auto& c : merged["cases"]) {
    const bool first = c["shard"] == 1;
    EXPECT_EQ(c["fingerprint"], hardware_fingerprint(first ? one : other)) << c["name"];
  }
  // Neither machine's fingerprint: compare finds it not comparable with a run on either.
  EXPECT_NE(hardware_fingerprint(merged), hardware_fingerprint(one));
  EXPECT_NE(hardware_fingerprint(merged), hardware_fingerprint(other));
}

TEST(ShardMerge, RefusesShardsThatDoNotBelongTogether) {
  EXPECT_NE(refusal({{"a", shard_doc(1, 2)}, {"b", shard_doc(2, 2, 2, "other")}}).find("different suites: a has s, b has other"),
            std::string::npos);
  EXPECT_NE(refusal({{"a", shard_doc(1, 2)}, {"b", shard_doc(2, 2, 2, "s", 8)}}).find("different seeds: a has 7, b has 8"),
            std::string::npos);
  EXPECT_NE(refusal({{"a", shard_doc(1, 2)}, {"b", shard_doc(2, 2, 2, "s", 7, "0.2.0")}})
                .find("different Crucible versions: a has 0.1.0, b has 0.2.0"),
            std::string::npos);
  EXPECT_NE(refusal({{"a", shard_doc(1, 2)}, {"b", shard_doc(2, 3)}}).find("different shard counts"), std::string::npos);
  EXPECT_NE(refusal({{"a", shard_doc(1, 2)}, {"b", shard_doc(1, 2)}}).find("shard 1 is given twice: a and b"), std::string::npos);
  auto unsharded = shard_doc(1, 1);
  unsharded.erase("shard");
  EXPECT_NE(refusal({{"a", unsharded}}).find("a/results.json is not a shard's results"), std::string::npos);
  EXPECT_NE(refusal({{"a", std::nullopt}, {"b", std::nullopt}}).find("none of the 2 folder(s)"), std::string::npos);
  // Another plan (other cases or another split) for the same suite and count.
  auto replanned = shard_doc(2, 2);
  replanned["shard"]["plan_digest"] = "0000000000000000";
  EXPECT_NE(refusal({{"a", shard_doc(1, 2)}, {"b", replanned}}).find("different plans"), std::string::npos);
}

TEST(ShardMerge, AMissingShardsCasesAreReportedMissingNotDropped) {
  // Shard 2 of 3 not given; shard 3's folder has no results.json; its task failed in Slurm.
  const auto merged = merge_shard_results({{"one", shard_doc(1, 3)}, {"three", std::nullopt}}, {{2, "FAILED"}, {3, "TIMEOUT"}});
  ASSERT_EQ(merged["cases"].size(), kPlan.size());
  const auto assignment = assign_shards(kPlan, 3, {});
  int missing = 0;
  for (std::size_t i = 0; i < kPlan.size(); ++i) {
    const auto& c = merged["cases"][i];
    EXPECT_EQ(c["name"], kPlan[i]);
    if (assignment.shard_of[i] == 1) {
      EXPECT_EQ(c["status"], "passed");
      continue;
    }
    ++missing;
    EXPECT_EQ(c["status"], "error");
    EXPECT_EQ(c["missing"], true);
    const std::string reason = c["reason"];
    EXPECT_NE(reason.find("shard " + std::to_string(assignment.shard_of[i]) + "/3 missing"), std::string::npos) << reason;
    EXPECT_NE(reason.find("folders without results.json: three"), std::string::npos) << reason;
    EXPECT_NE(reason.find(assignment.shard_of[i] == 2 ? "Slurm state FAILED" : "Slurm state TIMEOUT"), std::string::npos) << reason;
  }
  EXPECT_GT(missing, 0);
  EXPECT_EQ(merged["summary"]["missing"], missing);
  EXPECT_EQ(merged["summary"]["exit_code"], 3);
  ASSERT_EQ(merged["missing_shards"].size(), 2u);
  EXPECT_EQ(merged["missing_shards"][0]["index"], 2);
  EXPECT_EQ(merged["missing_shards"][0]["slurm_state"], "FAILED");
  EXPECT_EQ(merged["missing_shards"][1]["index"], 3);
}

TEST(SlurmStates, ReadsTasksAndPendingRanges) {
  const auto states = parse_sacct_task_states(
      "123_0|COMPLETED\n123_1|FAILED\n123_2|CANCELLED by 1000\n123_[3-4,6%2]|PENDING\n1234_5|RUNNING\nbad line\n", "123");
  const std::map<int, std::string> expected = {{1, "COMPLETED"}, {2, "FAILED"}, {3, "CANCELLED by 1000"},
                                               {4, "PENDING"},   {5, "PENDING"}, {7, "PENDING"}};
  EXPECT_EQ(states, expected);
  EXPECT_TRUE(is_slurm_job_id("123"));
  EXPECT_TRUE(is_slurm_job_id("123_4"));
  EXPECT_FALSE(is_slurm_job_id("123; rm -rf /"));
  EXPECT_FALSE(is_slurm_job_id(""));
  EXPECT_FALSE(is_slurm_job_id("12_"));
}

}  // namespace
}  // namespace crucible
