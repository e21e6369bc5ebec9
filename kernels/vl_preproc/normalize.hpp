#pragma once
// Rescale + normalize of the PIL backend as one 256-entry float32 table per channel: the
// input is uint8, so L[c][v] = f32(f32(f32(v * (1/255)) - f32(mean_c)) / f32(std_c)), the
// rescale a double product rounded once to float32 (numpy's astype(float64) * scale, then
// astype(float32)), the normalize float32 subtraction and division.
#include <array>

#include "vl_preproc/model_config.hpp"

namespace vl {

struct NormalizeTable {
  std::array<std::array<float, 256>, 3> value;
};

inline constexpr double kRescaleFactor = 0.00392156862745098;  // 1/255 as the configs store it

NormalizeTable make_normalize_table(const ModelConfig& config);

}  // namespace vl
