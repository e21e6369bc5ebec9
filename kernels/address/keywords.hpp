#pragma once
// Keyword lists of the feature extractor (classes in analysis.hpp).
#include <cstdint>
#include <utility>
#include <vector>

namespace address {

// (word, class) pairs; words are lower case, single tokens.
const std::vector<std::pair<const char*, std::uint8_t>>& keyword_list();

}  // namespace address
