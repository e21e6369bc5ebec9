#pragma once
#include <cstdint>
#include <string>

namespace crucible {

// The seed of one named check: stable under --only and reordering, distinct per check.
std::uint64_t check_seed(std::uint64_t run_seed, const std::string& check_id);

}  // namespace crucible
