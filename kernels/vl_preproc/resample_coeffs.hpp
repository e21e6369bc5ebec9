#pragma once
// Pillow's antialiased BICUBIC coefficient table for one axis (Resample.c precompute_coeffs +
// normalize_coeffs_8bpc): double-precision Keys cubic (a = -0.5) weights, widened by the
// scale when downscaling, out-of-range taps dropped and the rest renormalised, then fixed
// point with 22 fractional bits. Computed in resample_coeffs.cpp, built without FMA
// contraction, so that the doubles round exactly as Pillow's baseline x86-64 build does.
#include <cstdint>
#include <vector>

namespace vl {

inline constexpr int kPrecisionBits = 22;

struct AxisCoefficients {
  int in_size = 0;
  int out_size = 0;
  int ksize = 0;                   // row stride of `k`
  std::vector<std::int32_t> first;  // per output index: first input index used
  std::vector<std::int32_t> count;  // per output index: taps used
  std::vector<std::int32_t> k;      // out_size * ksize fixed-point weights (unused slots 0)
};

AxisCoefficients bicubic_coefficients(int in_size, int out_size);

// The double weights before fixed point (tests check them against Pillow's known rows).
std::vector<double> bicubic_weights(int in_size, int out_size, int* ksize);

}  // namespace vl
