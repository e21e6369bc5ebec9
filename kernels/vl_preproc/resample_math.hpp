#pragma once
// One output sample of Pillow's 8-bit resampler: acc = 2^21 + sum(in * k) in int32, then
// clip8(acc >> 22). Shared by the CPU passes and the CUDA kernels (VL_HD).
#include <cstdint>

#include "vl_preproc/hd.hpp"

namespace vl {

VL_HD inline std::uint8_t clip8(std::int32_t acc) {
  const std::int32_t v = acc >> 22;  // arithmetic shift: floor, as Pillow's lookup table
  return static_cast<std::uint8_t>(v < 0 ? 0 : (v > 255 ? 255 : v));
}

// Horizontal: taps along a row of packed RGB; `channel` in 0..2.
VL_HD inline std::uint8_t horizontal_sample(const std::uint8_t* row, int first, int count, const std::int32_t* k,
                                            int channel) {
  std::int32_t acc = 1 << 21;
  for (int i = 0; i < count; ++i) acc += static_cast<std::int32_t>(row[(first + i) * 3 + channel]) * k[i];
  return clip8(acc);
}

// Vertical: taps down a column; `offset` is the byte offset within a row, `stride` the row
// length in bytes.
VL_HD inline std::uint8_t vertical_sample(const std::uint8_t* image, std::int64_t stride, int first, int count,
                                          const std::int32_t* k, std::int64_t offset) {
  std::int32_t acc = 1 << 21;
  for (int i = 0; i < count; ++i) acc += static_cast<std::int32_t>(image[(first + i) * stride + offset]) * k[i];
  return clip8(acc);
}

}  // namespace vl
