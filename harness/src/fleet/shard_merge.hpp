#pragma once
// Joins the results.json of a suite's shards into one results document, as one unsharded run
// would have written it, after checking that they belong together. Each case keeps its shard's
// hardware fingerprint, and shards measured on different hardware give the merged document a
// fingerprint of its own, so compare never takes them for one machine. The cases of a shard
// that is missing are in the merged document as errors marked "missing", never dropped.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include <crucible/command_errors.hpp>

namespace crucible {

// Shards that do not belong together (suite, seed, crucible version, shard count or plan
// differ; a shard given twice; a results file that is not a shard's): exit 2.
class ShardMergeError : public InputError {
 public:
  using InputError::InputError;
};

struct ShardInput {
  std::string folder;                     // as given on the command line
  std::optional<nlohmann::json> results;  // its results.json; absent when the folder has none
};

// slurm_states: a Slurm job state per shard index (1-based), named with a missing shard's cases.
nlohmann::json merge_shard_results(const std::vector<ShardInput>& inputs,
                                   const std::map<int, std::string>& slurm_states = {});

}  // namespace crucible
