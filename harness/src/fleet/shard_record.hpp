#pragma once
// The "shard" object of a shard's results.json: what `crucible merge` checks before joining
// shards (same suite, seed, crucible version, shard count and plan) and what it needs to name
// the cases of a shard that never arrived.
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "fleet/shard_assignment.hpp"
#include "fleet/shard_spec.hpp"

namespace crucible {

// {"suite", "seed", "index", "count", "crucible_version", "balance", "plan_digest",
//  "plan": [{"case", "shard"}, ...]} with the plan in the run's case order.
nlohmann::json shard_record(const ShardSpec& spec, const std::string& suite, std::uint64_t seed,
                            const std::string& crucible_version, const std::vector<std::string>& case_names,
                            const ShardAssignment& assignment);

// The plan as `crucible run --dry-run` prints it: "CASE -> K/N" per line, in plan order.
std::string shard_plan_text(const std::vector<std::string>& case_names, const ShardAssignment& assignment);

}  // namespace crucible
