#pragma once
// NumPy .npy (format 1.0) encoding of C-order arrays, little-endian: what `crucible vl
// preprocess` writes for pixel_values (<f4) and image_grid_thw (<i8).
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace vl {

std::string npy_bytes(std::span<const float> values, const std::vector<std::int64_t>& shape);
std::string npy_bytes(std::span<const std::int64_t> values, const std::vector<std::int64_t>& shape);

}  // namespace vl
