#pragma once
// Synthetic images for tests and benchmark inputs: seeded noise mixed with gradients, and a
// plain 8-bit RGB PNG encoder (libpng) to turn them into files.
#include <cstdint>
#include <vector>

#include "vl_preproc/rgb_image.hpp"

namespace vl::testing {

RgbImage noise_image(int width, int height, std::uint64_t seed);
std::vector<std::uint8_t> encode_png_rgb(const RgbImage& image);

}  // namespace vl::testing
