#pragma once
// The reference's patch layout: a resized H x W image (T = temporal_patch_size copies of one
// frame) becomes (H/P)*(W/P) rows of C*T*P*P floats. Rows are merge-window major: row
// ((bh*(gw/m) + bw)*m + mh)*m + mw for patch (bh*m+mh, bw*m+mw); columns ((c*T + tt)*P + py)*P + px.
#include <cstdint>
#include <span>

#include "vl_preproc/hd.hpp"
#include "vl_preproc/model_config.hpp"
#include "vl_preproc/normalize.hpp"
#include "vl_preproc/rgb_image.hpp"

namespace vl {

struct GridThw {
  std::int64_t t = 1, h = 0, w = 0;
  std::int64_t rows() const { return t * h * w; }
  bool operator==(const GridThw&) const = default;
};

// Shape of one patch layout, everything the per-sample index functions need.
struct PatchGeometry {
  int patch = 14, merge = 2, temporal = 2;
  int grid_h = 0, grid_w = 0;
  VL_HD int row_width() const { return 3 * temporal * patch * patch; }
};

// Patch row of the patch at patch coordinates (gy, gx).
VL_HD inline std::int64_t patch_row(const PatchGeometry& g, int gy, int gx) {
  const int bh = gy / g.merge, mh = gy % g.merge, bw = gx / g.merge, mw = gx % g.merge;
  return ((static_cast<std::int64_t>(bh) * (g.grid_w / g.merge) + bw) * g.merge + mh) * g.merge + mw;
}

// Flat index in pixel_values of sample (y, x, channel c, temporal copy tt).
VL_HD inline std::int64_t patch_element(const PatchGeometry& g, int y, int x, int c, int tt) {
  const int py = y % g.patch, px = x % g.patch;
  const std::int64_t row = patch_row(g, y / g.patch, x / g.patch);
  return row * g.row_width() + ((c * g.temporal + tt) * g.patch + py) * g.patch + px;
}

PatchGeometry patch_geometry(const ModelConfig& config, int height, int width);

// Writes all rows of one image into `out` (geometry.grid_h * grid_w * row_width floats),
// patch rows [row0, row1) of the image only (for splitting across threads).
void patchify(const RgbImage& resized, const NormalizeTable& table, const PatchGeometry& g, std::span<float> out,
              std::int64_t row0, std::int64_t row1);

}  // namespace vl
