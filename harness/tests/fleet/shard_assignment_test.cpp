#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include <crucible/command_errors.hpp>

#include "fleet/shard_assignment.hpp"
#include "fleet/shard_spec.hpp"

namespace crucible {
namespace {

std::vector<std::string> case_names(int n) {
  std::vector<std::string> names;
  // Not in sorted order, so that round robin over the sorted names is not the plan's order.
  for (int i = n - 1; i >= 0; --i) names.push_back("plugin/workload" + std::to_string(i % 4) + "/variant" + std::to_string(i));
  return names;
}

TEST(ShardSpec, ParsesKOfN) {
  const auto spec = parse_shard_spec("2/3");
  EXPECT_EQ(spec.index, 2);
  EXPECT_EQ(spec.count, 3);
  EXPECT_EQ(parse_shard_spec("1/1").count, 1);
}

TEST(ShardSpec, RefusesBadValuesAsUsageErrors) {
  for (const char* bad : {"0/3", "4/3", "x", "1/0", "", "/", "1/", "/3", "-1/3", "1/3/4", "1.5/3", " 1/3", "1/3x", "1/-2"}) {
    EXPECT_THROW(parse_shard_spec(bad), UsageError) << bad;
  }
  try {
    parse_shard_spec("4/3");
    FAIL();
  } catch (const UsageError& e) {
    EXPECT_EQ(std::string(e.what()), "--shard 4/3: K must be between 1 and N (3)");
  }
}

TEST(ShardAssignment, EveryCaseInExactlyOneShardForEveryN) {
  for (int cases : {0, 1, 2, 7, 23}) {
    const auto names = case_names(cases);
    for (int n = 1; n <= 8; ++n) {
      for (const bool by_durations : {false, true}) {
        std::map<std::string, double> seconds;
        if (by_durations) {
          for (std::size_t i = 0; i < names.size(); i += 2) seconds[names[i]] = 1.0 + static_cast<double>(i % 5);
        }
        const auto a = assign_shards(names, n, seconds);
        ASSERT_EQ(a.shard_of.size(), names.size());
        // Shard k's cases, over k = 1..n, are the plan, each case once.
        std::vector<int> seen(names.size(), 0);
        for (int k = 1; k <= n; ++k) {
          for (std::size_t i = 0; i < names.size(); ++i) seen[i] += a.shard_of[i] == k;
        }
        EXPECT_TRUE(std::all_of(seen.begin(), seen.end(), [](int s) { return s == 1; })) << cases << " cases, N " << n;
      }
    }
  }
}

TEST(ShardAssignment, SameInputsSameAssignmentWhateverTheOrderOfCalls) {
  const auto names = case_names(23);
  const auto a = assign_shards(names, 4, {});
  const auto b = assign_shards(names, 4, {});
  EXPECT_EQ(a.shard_of, b.shard_of);
  EXPECT_EQ(a.digest, b.digest);
  // Another count is another plan.
  EXPECT_NE(assign_shards(names, 3, {}).digest, a.digest);
}

TEST(ShardAssignment, WithoutDurationsRoundRobinOverSortedNames) {
  const std::vector<std::string> names = {"c", "a", "e", "b", "d"};
  const auto a = assign_shards(names, 2, {});
  EXPECT_EQ(a.balance, "count");
  // sorted: a b c d e -> 1 2 1 2 1
  EXPECT_EQ(a.shard_of, (std::vector<int>{1, 1, 1, 2, 2}));
  EXPECT_EQ(a.shard_load, (std::vector<double>{3, 2}));
  // Balanced by count: shard sizes differ by at most one.
  const auto big = assign_shards(case_names(23), 5, {});
  EXPECT_LE(*std::max_element(big.shard_load.begin(), big.shard_load.end()) -
                *std::min_element(big.shard_load.begin(), big.shard_load.end()),
            1);
}

TEST(ShardAssignment, ByDurationsLongestFirstIntoTheLeastLoadedShard) {
  const std::vector<std::string> names = {"a", "b", "c", "d", "e", "f"};
  const std::map<std::string, double> seconds = {{"a", 1}, {"b", 2}, {"c", 3}, {"d", 10}, {"e", 4}, {"f", 5}};
  const auto a = assign_shards(names, 2, seconds);
  EXPECT_EQ(a.balance, "durations");
  // d(10)->1; f(5)->2; e(4)->2 (9); c(3)->2 (12); b(2)->1 (12); a(1)->the first of equals, 1 (13).
  EXPECT_EQ(a.shard_of, (std::vector<int>{1, 1, 2, 1, 2, 2}));
  EXPECT_EQ(a.shard_load, (std::vector<double>{13, 12}));
  // Round robin by count would have put d and its 10 s with two more cases.
  const auto by_count = assign_shards(names, 2, {});
  double count_max = 0;
  for (int k = 1; k <= 2; ++k) {
    double load = 0;
    for (std::size_t i = 0; i < names.size(); ++i) load += by_count.shard_of[i] == k ? seconds.at(names[i]) : 0;
    count_max = std::max(count_max, load);
  }
  EXPECT_GT(count_max, 13);
}

TEST(ShardAssignment, TiesBrokenByNameNotByPlanOrder) {
  const std::map<std::string, double> seconds = {{"x", 2}, {"y", 2}, {"z", 2}};
  const auto a = assign_shards({"z", "y", "x"}, 3, seconds);
  const auto b = assign_shards({"x", "y", "z"}, 3, seconds);
  // x always shard 1, y 2, z 3.
  EXPECT_EQ(a.shard_of, (std::vector<int>{3, 2, 1}));
  EXPECT_EQ(b.shard_of, (std::vector<int>{1, 2, 3}));
}

TEST(ShardAssignment, UnknownDurationsEstimatedAtTheMedian) {
  // Known: 1, 3, 100 (median 3); "new" is estimated at 3 s.
  const std::map<std::string, double> seconds = {{"a", 1}, {"b", 3}, {"c", 100}, {"gone", 50}};
  const auto a = assign_shards({"a", "b", "c", "new"}, 2, seconds);
  // c(100)->1, then b(3) and new(3) (b first by name)->2 (3, 6), a(1)->2 (7).
  EXPECT_EQ(a.shard_of, (std::vector<int>{2, 2, 1, 2}));
  EXPECT_EQ(a.shard_load, (std::vector<double>{100, 7}));
}

}  // namespace
}  // namespace crucible
