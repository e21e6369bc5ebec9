#pragma once
// ShardRun: what `crucible run --shard K/N` (and --dry-run) needs of the fleet: the split of
// the plan, balanced by the durations the history recorded for the suite, and the record that
// goes into the shard's results.json.
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "fleet/shard_assignment.hpp"
#include "fleet/shard_spec.hpp"

namespace crucible {

struct ShardRun {
  ShardSpec spec;
  std::vector<std::string> case_names;
  ShardAssignment assignment;
  nlohmann::json record;  // results.json's "shard"

  bool runs(std::size_t case_index) const { return assignment.shard_of[case_index] == spec.index; }
  std::string plan_text() const;
  // "shard 2/3: 4 of 11 case(s), balanced by durations (12.5 s of 37.1 s)"
  std::string summary() const;
};

// The split for spec over the plan's case names; with N > 1, balanced by the default history
// store's durations for the suite (history/history_store.hpp) when it has any.
ShardRun plan_shard(const ShardSpec& spec, const std::string& suite, std::uint64_t seed,
                    const std::vector<std::string>& case_names);

}  // namespace crucible
