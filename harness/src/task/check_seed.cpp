#include "task/check_seed.hpp"

#include <xxhash.h>

namespace crucible {

std::uint64_t check_seed(std::uint64_t run_seed, const std::string& check_id) {
  return XXH64(check_id.data(), check_id.size(), run_seed);
}

}  // namespace crucible
