#pragma once
// An 8-bit RGB image, rows top to bottom, 3 bytes per pixel, no padding.
#include <cstdint>
#include <vector>

namespace vl {

struct RgbImage {
  int width = 0;
  int height = 0;
  std::vector<std::uint8_t> pixels;  // width * height * 3

  std::uint8_t* row(int y) { return pixels.data() + static_cast<std::size_t>(y) * width * 3; }
  const std::uint8_t* row(int y) const { return pixels.data() + static_cast<std::size_t>(y) * width * 3; }
};

}  // namespace vl
