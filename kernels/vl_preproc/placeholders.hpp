#pragma once
// How many <|image_pad|> (or <|video_pad|>) tokens stand for one image in the text: the
// processor replaces each placeholder by prod(image_grid_thw) / merge_size^2 copies, framed by
// <|vision_start|> and <|vision_end|>.
#include <cstdint>
#include <stdexcept>
#include <vector>

#include "vl_preproc/patchify.hpp"

namespace vl {

inline std::int64_t placeholder_count(const GridThw& grid, int merge_size) {
  const std::int64_t m2 = std::int64_t{merge_size} * merge_size;
  if (m2 <= 0 || grid.rows() % m2 != 0) throw std::invalid_argument("grid rows are not a multiple of merge_size^2");
  return grid.rows() / m2;
}

// Ids for one image: vision_start, count x pad, vision_end (the ids come from the tokenizer).
inline std::vector<std::int64_t> expand_image_tokens(const GridThw& grid, int merge_size, std::int64_t vision_start,
                                                     std::int64_t pad, std::int64_t vision_end) {
  std::vector<std::int64_t> ids;
  const std::int64_t n = placeholder_count(grid, merge_size);
  ids.reserve(static_cast<std::size_t>(n) + 2);
  ids.push_back(vision_start);
  ids.insert(ids.end(), static_cast<std::size_t>(n), pad);
  ids.push_back(vision_end);
  return ids;
}

}  // namespace vl
