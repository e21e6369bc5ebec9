#pragma once
// Per-block dequantization and block-by-f32 dot products for Q4_0, Q8_0, Q4_K, Q5_K and Q6_K
// (layouts: ggml-common.h's block_q4_0 ... block_q6_K). Host and device: the CUDA kernels call
// these same functions. Blocks are read from raw little-endian bytes (no struct alignment
// assumptions).
#include <cmath>
#include <cstdint>

#include "quant_llm/fp16.hpp"
#include "quant_llm/hd.hpp"

namespace quant {

// ---- K-quant 6-bit scale/min packing: 8 scales, 8 mins in 12 bytes (get_scale_min_k4) ----
QUANT_HD inline void get_scale_min_k4(int j, const std::uint8_t* s, std::uint8_t* sc, std::uint8_t* m) {
  if (j < 4) {
    *sc = s[j] & 63;
    *m = s[j + 4] & 63;
  } else {
    *sc = static_cast<std::uint8_t>((s[j + 4] & 0xF) | ((s[j - 4] >> 6) << 4));
    *m = static_cast<std::uint8_t>((s[j + 4] >> 4) | ((s[j] >> 6) << 4));
  }
}

// ---- Q4_0: d(fp16) qs[16] ----
QUANT_HD inline void dequant_block_q4_0(const std::uint8_t* b, float* y) {
  const float d = load_fp16(b);
  const std::uint8_t* qs = b + 2;
  for (int j = 0; j < 16; ++j) {
    y[j] = static_cast<float>((qs[j] & 0x0F) - 8) * d;
    y[j + 16] = static_cast<float>((qs[j] >> 4) - 8) * d;
  }
}
QUANT_HD inline float dot_block_q4_0(const std::uint8_t* b, const float* x) {
  const float d = load_fp16(b);
  const std::uint8_t* qs = b + 2;
  float s = 0.f;
  for (int j = 0; j < 16; ++j) {
    s += static_cast<float>((qs[j] & 0x0F) - 8) * x[j] + static_cast<float>((qs[j] >> 4) - 8) * x[j + 16];
  }
  return s * d;
}

// ---- Q8_0: d(fp16) qs[32] int8 ----
QUANT_HD inline void dequant_block_q8_0(const std::uint8_t* b, float* y) {
  const float d = load_fp16(b);
  for (int j = 0; j < 32; ++j) y[j] = static_cast<float>(static_cast<std::int8_t>(b[2 + j])) * d;
}
QUANT_HD inline float dot_block_q8_0(const std::uint8_t* b, const float* x) {
  const float d = load_fp16(b);
  float s = 0.f;
  for (int j = 0; j < 32; ++j) s += static_cast<float>(static_cast<std::int8_t>(b[2 + j])) * x[j];
  return s * d;
}

// ---- Q4_K: d dmin scales[12] qs[128] ----
// One 32-element sub-block `sb` (0..7) of a Q4_K block.
QUANT_HD inline void dequant_sub_q4_k(const std::uint8_t* b, int sb, float* y) {
  const float d = load_fp16(b), dmin = load_fp16(b + 2);
  std::uint8_t sc, m;
  get_scale_min_k4(sb, b + 4, &sc, &m);
  const float d1 = d * sc, m1 = dmin * m;
  const std::uint8_t* q = b + 16 + 32 * (sb / 2);
  const int shift = (sb & 1) * 4;
  for (int l = 0; l < 32; ++l) y[l] = d1 * static_cast<float>((q[l] >> shift) & 0xF) - m1;
}
QUANT_HD inline void dequant_block_q4_k(const std::uint8_t* b, float* y) {
  for (int sb = 0; sb < 8; ++sb) dequant_sub_q4_k(b, sb, y + 32 * sb);
}
// Sum over a sub-block of (d1*q - m1)*x = d1*sum(q*x) - m1*sum(x).
QUANT_HD inline float dot_sub_q4_k(const std::uint8_t* b, int sb, const float* x) {
  const float d = load_fp16(b), dmin = load_fp16(b + 2);
  std::uint8_t sc, m;
  get_scale_min_k4(sb, b + 4, &sc, &m);
  const std::uint8_t* q = b + 16 + 32 * (sb / 2);
  const int shift = (sb & 1) * 4;
  float sqx = 0.f, sx = 0.f;
  for (int l = 0; l < 32; ++l) {
    sqx += static_cast<float>((q[l] >> shift) & 0xF) * x[l];
    sx += x[l];
  }
  return d * sc * sqx - dmin * m * sx;
}
QUANT_HD inline float dot_block_q4_k(const std::uint8_t* b, const float* x) {
  float s = 0.f;
  for (int sb = 0; sb < 8; ++sb) s += dot_sub_q4_k(b, sb, x + 32 * sb);
  return s;
}

// ---- Q5_K: d dmin scales[12] qh[32] qs[128] ----
QUANT_HD inline void dequant_sub_q5_k(const std::uint8_t* b, int sb, float* y) {
  const float d = load_fp16(b), dmin = load_fp16(b + 2);
  std::uint8_t sc, m;
  get_scale_min_k4(sb, b + 4, &sc, &m);
  const float d1 = d * sc, m1 = dmin * m;
  const std::uint8_t* qh = b + 16;
  const std::uint8_t* q = b + 48 + 32 * (sb / 2);
  const int shift = (sb & 1) * 4;
  for (int l = 0; l < 32; ++l) {
    const int v = ((q[l] >> shift) & 0xF) + 16 * ((qh[l] >> sb) & 1);
    y[l] = d1 * static_cast<float>(v) - m1;
  }
}
QUANT_HD inline void dequant_block_q5_k(const std::uint8_t* b, float* y) {
  for (int sb = 0; sb < 8; ++sb) dequant_sub_q5_k(b, sb, y + 32 * sb);
}
QUANT_HD inline float dot_sub_q5_k(const std::uint8_t* b, int sb, const float* x) {
  const float d = load_fp16(b), dmin = load_fp16(b + 2);
  std::uint8_t sc, m;
  get_scale_min_k4(sb, b + 4, &sc, &m);
  const std::uint8_t* qh = b + 16;
  const std::uint8_t* q = b + 48 + 32 * (sb / 2);
  const int shift = (sb & 1) * 4;
  float sqx = 0.f, sx = 0.f;
  for (int l = 0; l < 32; ++l) {
    const int v = ((q[l] >> shift) & 0xF) + 16 * ((qh[l] >> sb) & 1);
    sqx += static_cast<float>(v) * x[l];
    sx += x[l];
  }
  return d * sc * sqx - dmin * m * sx;
}
QUANT_HD inline float dot_block_q5_k(const std::uint8_t* b, const float* x) {
  float s = 0.f;
  for (int sb = 0; sb < 8; ++sb) s += dot_sub_q5_k(b, sb, x + 32 * sb);
  return s;
}

// ---- Q6_K: ql[128] qh[64] scales[16] int8, d(fp16) last ----
// Element e of a Q6_K block as its signed 6-bit quant (-32..31).
QUANT_HD inline int q6_k_quant(const std::uint8_t* b, int e) {
  const int n = e / 128, r = e % 128, t = r / 32, l = r % 32;
  const std::uint8_t lb = b[64 * n + 32 * (t & 1) + l];
  const int nib = t < 2 ? (lb & 0xF) : (lb >> 4);
  const int hi = (b[128 + 32 * n + l] >> (2 * t)) & 3;
  return (nib | (hi << 4)) - 32;
}
// One 16-element sub-block `sb` (0..15).
QUANT_HD inline void dequant_sub_q6_k(const std::uint8_t* b, int sb, float* y) {
  const float d = load_fp16(b + 208);
  const float ds = d * static_cast<float>(static_cast<std::int8_t>(b[192 + sb]));
  for (int i = 0; i < 16; ++i) y[i] = ds * static_cast<float>(q6_k_quant(b, 16 * sb + i));
}
QUANT_HD inline void dequant_block_q6_k(const std::uint8_t* b, float* y) {
  for (int sb = 0; sb < 16; ++sb) dequant_sub_q6_k(b, sb, y + 16 * sb);
}
QUANT_HD inline float dot_sub_q6_k(const std::uint8_t* b, int sb, const float* x) {
  const float d = load_fp16(b + 208);
  float s = 0.f;
  for (int i = 0; i < 16; ++i) s += static_cast<float>(q6_k_quant(b, 16 * sb + i)) * x[i];
  return d * static_cast<float>(static_cast<std::int8_t>(b[192 + sb])) * s;
}
QUANT_HD inline float dot_block_q6_k(const std::uint8_t* b, const float* x) {
  float s = 0.f;
  for (int sb = 0; sb < 16; ++sb) s += dot_sub_q6_k(b, sb, x + 16 * sb);
  return s;
}

// ---- RMSNorm / RoPE / SiLU element math (shared by the CPU and CUDA forward passes) ----
QUANT_HD inline float silu(float x) { return x / (1.0f + expf(-x)); }

// NORM (adjacent-pair) RoPE of one pair (x0, x1) at angle theta (ggml's GGML_ROPE_TYPE_NORM).
QUANT_HD inline void rope_pair(float* x0, float* x1, float cos_t, float sin_t) {
  const float a = *x0, b = *x1;
  *x0 = a * cos_t - b * sin_t;
  *x1 = a * sin_t + b * cos_t;
}

}  // namespace quant
