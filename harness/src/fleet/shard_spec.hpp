#pragma once
// ShardSpec: `--shard K/N`, the K-th of N shards of a suite's cases (K counts from 1).
#include <string>

namespace crucible {

struct ShardSpec {
  int index = 1;  // K, 1..count
  int count = 1;  // N
};

// Parses "K/N"; a UsageError naming the option and what is wrong otherwise ("0/3", "4/3", "x",
// "1/0").
ShardSpec parse_shard_spec(const std::string& text);

}  // namespace crucible
