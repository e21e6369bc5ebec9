#pragma once
// IEEE binary16 and bfloat16 <-> binary32 conversions, usable on the host and in CUDA device
// code. fp32_to_fp16 rounds to nearest even, overflows to +-inf, produces correct subnormals
// and maps NaN to 0x7E00 with the sign kept (ggml's GGML_FP32_TO_FP16).
#include <cstdint>
#include <cstring>

#include "quant_llm/hd.hpp"

namespace quant {

QUANT_HD inline std::uint32_t f32_bits(float f) {
#if defined(__CUDA_ARCH__)
  return __float_as_uint(f);
#else
  std::uint32_t u;
  std::memcpy(&u, &f, sizeof u);
  return u;
#endif
}
QUANT_HD inline float f32_from_bits(std::uint32_t u) {
#if defined(__CUDA_ARCH__)
  return __uint_as_float(u);
#else
  float f;
  std::memcpy(&f, &u, sizeof f);
  return f;
#endif
}

// Exact widening of a binary16 value.
QUANT_HD inline float fp16_to_fp32(std::uint16_t h) {
  const std::uint32_t sign = static_cast<std::uint32_t>(h & 0x8000u) << 16;
  const std::uint32_t exp = (h >> 10) & 0x1Fu;
  const std::uint32_t mant = h & 0x3FFu;
  if (exp == 0) {
    // zero or subnormal: mant * 2^-24, exact in binary32
    const float v = static_cast<float>(mant) * 5.9604644775390625e-8f;
    return f32_from_bits(f32_bits(v) | sign);
  }
  if (exp == 31) return f32_from_bits(sign | 0x7F800000u | (mant << 13));
  return f32_from_bits(sign | ((exp + 112u) << 23) | (mant << 13));
}

// Round-to-nearest-even narrowing (the FP16 library's branch-free algorithm, as in ggml).
QUANT_HD inline std::uint16_t fp32_to_fp16(float f) {
  const float scale_to_inf = 5.192296858534828e+33f;   // 2^112
  const float scale_to_zero = 7.703719777548943e-34f;  // 2^-110
  const std::uint32_t w = f32_bits(f);
  const float abs_f = f32_from_bits(w & 0x7FFFFFFFu);
  float base = (abs_f * scale_to_inf) * scale_to_zero;
  const std::uint32_t shl1_w = w + w;
  const std::uint32_t sign = w & 0x80000000u;
  std::uint32_t bias = shl1_w & 0xFF000000u;
  if (bias < 0x71000000u) bias = 0x71000000u;
  base = f32_from_bits((bias >> 1) + 0x07800000u) + base;
  const std::uint32_t bits = f32_bits(base);
  const std::uint32_t exp_bits = (bits >> 13) & 0x00007C00u;
  const std::uint32_t mantissa_bits = bits & 0x00000FFFu;
  const std::uint32_t nonsign = exp_bits + mantissa_bits;
  return static_cast<std::uint16_t>((sign >> 16) | (shl1_w > 0xFF000000u ? 0x7E00u : nonsign));
}

QUANT_HD inline float bf16_to_fp32(std::uint16_t h) { return f32_from_bits(static_cast<std::uint32_t>(h) << 16); }

// Round-to-nearest-even narrowing to bfloat16; NaN stays a (quiet) NaN.
QUANT_HD inline std::uint16_t fp32_to_bf16(float f) {
  const std::uint32_t u = f32_bits(f);
  if ((u & 0x7FFFFFFFu) > 0x7F800000u) return static_cast<std::uint16_t>((u >> 16) | 64u);
  return static_cast<std::uint16_t>((u + (0x7FFFu + ((u >> 16) & 1u))) >> 16);
}

// Little-endian loads from unaligned block bytes.
QUANT_HD inline std::uint16_t load_u16(const std::uint8_t* p) {
  return static_cast<std::uint16_t>(p[0] | (static_cast<std::uint16_t>(p[1]) << 8));
}
QUANT_HD inline void store_u16(std::uint8_t* p, std::uint16_t v) {
  p[0] = static_cast<std::uint8_t>(v & 0xFF);
  p[1] = static_cast<std::uint8_t>(v >> 8);
}
QUANT_HD inline float load_fp16(const std::uint8_t* p) { return fp16_to_fp32(load_u16(p)); }

}  // namespace quant
