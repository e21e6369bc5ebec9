#pragma once
// ShardAssignment: which shard runs each case of a plan. It depends only on the case names,
// the shard count and the durations given, never on the machine, so every shard of a fleet
// computes the same assignment and each case runs exactly once.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace crucible {

struct ShardAssignment {
  std::vector<int> shard_of;          // per case, in the plan's order: its shard, 1..count
  std::vector<double> shard_load;     // per shard: its estimated seconds (durations) or its number of cases (count)
  std::string balance;                // "durations" (greedy longest first) or "count" (round robin)
  std::string digest;                 // a hex digest of (names, count, shard_of): equal plans, equal digests
};

// With no duration known for any case: round robin over the names sorted, so the k-th name in
// sorted order goes to shard (k mod count) + 1. Otherwise greedy longest-processing-time
// first: cases by estimated seconds, longest first (ties by name), each into the shard with
// the least seconds so far (ties: the lowest shard). A case without a known duration is
// estimated at the median of the known ones.
ShardAssignment assign_shards(const std::vector<std::string>& case_names, int count,
                              const std::map<std::string, double>& known_seconds);

}  // namespace crucible
