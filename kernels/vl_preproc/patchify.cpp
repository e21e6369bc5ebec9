#include "vl_preproc/patchify.hpp"

#include <algorithm>
#include <stdexcept>

namespace vl {

PatchGeometry patch_geometry(const ModelConfig& config, int height, int width) {
  PatchGeometry g;
  g.patch = config.patch_size;
  g.merge = config.merge_size;
  g.temporal = config.temporal_patch_size;
  if (height % (g.patch * g.merge) != 0 || width % (g.patch * g.merge) != 0) {
    throw std::invalid_argument("patchify: size " + std::to_string(height) + "x" + std::to_string(width) +
                                " is not a multiple of " + std::to_string(g.patch * g.merge));
  }
  g.grid_h = height / g.patch;
  g.grid_w = width / g.patch;
  return g;
}

void patchify(const RgbImage& resized, const NormalizeTable& table, const PatchGeometry& g, std::span<float> out,
              std::int64_t row0, std::int64_t row1) {
  const int P = g.patch, m = g.merge, T = g.temporal;
  const std::int64_t width = g.row_width();
  const int windows_w = g.grid_w / m;
  for (std::int64_t row = row0; row < row1; ++row) {
    // Invert patch_row: merge window (bh, bw), then (mh, mw) inside it.
    const std::int64_t window = row / (m * m);
    const int in_window = static_cast<int>(row % (m * m));
    const int gy = static_cast<int>(window / windows_w) * m + in_window / m;
    const int gx = static_cast<int>(window % windows_w) * m + in_window % m;
    float* dst = out.data() + row * width;
    for (int c = 0; c < 3; ++c) {
      const float* lut = table.value[static_cast<std::size_t>(c)].data();
      float* first = dst + static_cast<std::int64_t>(c) * T * P * P;
      for (int py = 0; py < P; ++py) {
        const std::uint8_t* src = resized.row(gy * P + py) + static_cast<std::int64_t>(gx) * P * 3 + c;
        float* d = first + py * P;
        for (int px = 0; px < P; ++px) d[px] = lut[src[3 * px]];
      }
      for (int tt = 1; tt < T; ++tt) std::copy(first, first + P * P, first + tt * P * P);
    }
  }
}

}  // namespace vl
