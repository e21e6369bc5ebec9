#pragma once
// The hardware fingerprint of a run: what must match for two timings to be comparable (CPU
// count and caches, CPU model and GPUs where recorded, build type). Host names and clock
// readings are left out: identical CI machines with different names stay comparable. A merged
// run whose shards ran on different hardware adds the set of the shards' fingerprints.
#include <string>

#include <nlohmann/json.hpp>

namespace crucible {

// The fields the fingerprint rests on, from a results document's "context" (and its
// capability profile, when present).
nlohmann::json fingerprint_fields(const nlohmann::json& results);
// A short stable hex digest of fingerprint_fields.
std::string hardware_fingerprint(const nlohmann::json& results);
// One line naming the fields that differ between two fingerprints ("num_cpus 2 vs 16").
std::string fingerprint_difference(const nlohmann::json& a, const nlohmann::json& b);

}  // namespace crucible
