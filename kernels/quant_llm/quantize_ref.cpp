// Literal ports of ggml's reference quantizers (quantize_row_*_ref, make_qkx2_quants,
// make_qx_quants and nearest_int in llama.cpp's ggml/src/ggml-quants.c).
// This translation unit is compiled with -ffp-contract=off: the K-quant searches compare
// floating-point error sums, so contraction would change which candidate wins.
#include <algorithm>
#include <cmath>
#include <cstring>

#include "quant_llm/blocks.hpp"
#include "quant_llm/fp16.hpp"
#include "quant_llm/quantize.hpp"

namespace quant {
namespace {

constexpr float kGroupMaxEps = 1e-15f;

float make_qkx2_quants(int n, int nmax, const float* x, const float* weights, std::uint8_t* L, float* the_min,
                       std::uint8_t* Laux, float rmin, float rdelta, int nstep, bool use_mad) {
  float min = x[0];
  float max = x[0];
  float sum_w = weights[0];
  float sum_x = sum_w * x[0];
  for (int i = 1; i < n; ++i) {
    if (x[i] < min) min = x[i];
    if (x[i] > max) max = x[i];
    const float w = weights[i];
    sum_w += w;
    sum_x += w * x[i];
  }
  if (min > 0) min = 0;
  if (max == min) {
    for (int i = 0; i < n; ++i) L[i] = 0;
    *the_min = -min;
    return 0.f;
  }
  float iscale = nmax / (max - min);
  float scale = 1 / iscale;
  float best_error = 0;
  for (int i = 0; i < n; ++i) {
    const int l = nearest_int(iscale * (x[i] - min));
    L[i] = static_cast<std::uint8_t>(std::max(0, std::min(nmax, l)));
    float diff = scale * L[i] + min - x[i];
    diff = use_mad ? std::fabs(diff) : diff * diff;
    const float w = weights[i];
    best_error += w * diff;
  }
  if (nstep < 1) {
    *the_min = -min;
    return scale;
  }
  for (int is = 0; is <= nstep; ++is) {
    iscale = (rmin + rdelta * is + nmax) / (max - min);
    float sum_l = 0, sum_l2 = 0, sum_xl = 0;
    for (int i = 0; i < n; ++i) {
      int l = nearest_int(iscale * (x[i] - min));
      l = std::max(0, std::min(nmax, l));
      Laux[i] = static_cast<std::uint8_t>(l);
      const float w = weights[i];
      sum_l += w * l;
      sum_l2 += w * l * l;
      sum_xl += w * l * x[i];
    }
    const float D = sum_w * sum_l2 - sum_l * sum_l;
    if (D > 0) {
      float this_scale = (sum_w * sum_xl - sum_x * sum_l) / D;
      float this_min = (sum_l2 * sum_x - sum_l * sum_xl) / D;
      if (this_min > 0) {
        this_min = 0;
        this_scale = sum_xl / sum_l2;
      }
      float cur_error = 0;
      for (int i = 0; i < n; ++i) {
        float diff = this_scale * Laux[i] + this_min - x[i];
        diff = use_mad ? std::fabs(diff) : diff * diff;
        const float w = weights[i];
        cur_error += w * diff;
      }
      if (cur_error < best_error) {
        for (int i = 0; i < n; ++i) L[i] = Laux[i];
        best_error = cur_error;
        scale = this_scale;
        min = this_min;
      }
    }
  }
  *the_min = -min;
  return scale;
}

// rmse_type 1, qw = NULL (the only use: Q6_K).
float make_qx_quants_rmse1(int n, int nmax, const float* x, std::int8_t* L) {
  float max = 0;
  float amax = 0;
  for (int i = 0; i < n; ++i) {
    const float ax = std::fabs(x[i]);
    if (ax > amax) {
      amax = ax;
      max = x[i];
    }
  }
  if (amax < kGroupMaxEps) {
    for (int i = 0; i < n; ++i) L[i] = 0;
    return 0.f;
  }
  float iscale = -nmax / max;
  float sumlx = 0;
  float suml2 = 0;
  for (int i = 0; i < n; ++i) {
    int l = nearest_int(iscale * x[i]);
    l = std::max(-nmax, std::min(nmax - 1, l));
    L[i] = static_cast<std::int8_t>(l + nmax);
    const float w = x[i] * x[i];
    sumlx += w * x[i] * l;
    suml2 += w * l * l;
  }
  float scale = suml2 != 0 ? sumlx / suml2 : 0.0f;
  float best = scale * sumlx;
  for (int is = -9; is <= 9; ++is) {
    if (is == 0) continue;
    iscale = -(nmax + 0.1f * is) / max;
    sumlx = suml2 = 0;
    for (int i = 0; i < n; ++i) {
      int l = nearest_int(iscale * x[i]);
      l = std::max(-nmax, std::min(nmax - 1, l));
      const float w = x[i] * x[i];
      sumlx += w * x[i] * l;
      suml2 += w * l * l;
    }
    if (suml2 > 0 && sumlx * sumlx > best * suml2) {
      for (int i = 0; i < n; ++i) {
        const int l = nearest_int(iscale * x[i]);
        L[i] = static_cast<std::int8_t>(nmax + std::max(-nmax, std::min(nmax - 1, l)));
      }
      scale = sumlx / suml2;
      best = scale * sumlx;
    }
  }
  return scale;
}

// Steps 1-4 of the Q4_K/Q5_K reference: sub-block fits, 6-bit scales, super-block scales,
// requantization. Writes d, dmin and scales into `block`, L (0..nmax) into `L`.
void fit_k_superblock(const float* x, std::uint8_t* block, std::uint8_t* L, int nmax, float rmin, int nstep) {
  std::uint8_t Laux[32];
  float weights[32];
  float mins[QK_K / 32];
  float scales[QK_K / 32];
  float max_scale = 0;
  float max_min = 0;
  for (int j = 0; j < QK_K / 32; ++j) {
    float sum_x2 = 0;
    for (int l = 0; l < 32; ++l) sum_x2 += x[32 * j + l] * x[32 * j + l];
    const float av_x = std::sqrt(sum_x2 / 32);
    for (int l = 0; l < 32; ++l) weights[l] = av_x + std::fabs(x[32 * j + l]);
    scales[j] = make_qkx2_quants(32, nmax, x + 32 * j, weights, L + 32 * j, &mins[j], Laux, rmin, 0.1f, nstep, false);
    const float scale = scales[j];
    if (scale > max_scale) max_scale = scale;
    const float min = mins[j];
    if (min > max_min) max_min = min;
  }
  const float inv_scale = max_scale > 0 ? 63.f / max_scale : 0.f;
  const float inv_min = max_min > 0 ? 63.f / max_min : 0.f;
  std::uint8_t* s = block + 4;
  for (int j = 0; j < QK_K / 32; ++j) {
    std::uint8_t ls = static_cast<std::uint8_t>(nearest_int(inv_scale * scales[j]));
    std::uint8_t lm = static_cast<std::uint8_t>(nearest_int(inv_min * mins[j]));
    ls = std::min<std::uint8_t>(63, ls);
    lm = std::min<std::uint8_t>(63, lm);
    if (j < 4) {
      s[j] = ls;
      s[j + 4] = lm;
    } else {
      s[j + 4] = static_cast<std::uint8_t>((ls & 0xF) | ((lm & 0xF) << 4));
      s[j - 4] |= static_cast<std::uint8_t>((ls >> 4) << 6);
      s[j - 0] |= static_cast<std::uint8_t>((lm >> 4) << 6);
    }
  }
  store_u16(block, fp32_to_fp16(max_scale / 63.f));
  store_u16(block + 2, fp32_to_fp16(max_min / 63.f));
  const float d_all = load_fp16(block), dmin_all = load_fp16(block + 2);
  for (int j = 0; j < QK_K / 32; ++j) {
    std::uint8_t sc, m;
    get_scale_min_k4(j, s, &sc, &m);
    const float d = d_all * sc;
    if (d == 0) continue;
    const float dm = dmin_all * m;
    for (int ii = 0; ii < 32; ++ii) {
      int l = nearest_int((x[32 * j + ii] + dm) / d);
      l = std::max(0, std::min(nmax, l));
      L[32 * j + ii] = static_cast<std::uint8_t>(l);
    }
  }
}

}  // namespace

int nearest_int(float fval) {
  const float val = fval + 12582912.f;
  std::int32_t i;
  std::memcpy(&i, &val, sizeof(int));
  return (i & 0x007fffff) - 0x00400000;
}

void quantize_row_q4_0_ref(const float* x, std::uint8_t* out, std::int64_t n) {
  const std::int64_t nb = n / QK4_0;
  for (std::int64_t i = 0; i < nb; ++i, x += QK4_0, out += kQ4_0Bytes) {
    float amax = 0.0f;
    float max = 0.0f;
    for (int j = 0; j < QK4_0; ++j) {
      const float v = x[j];
      if (amax < std::fabs(v)) {
        amax = std::fabs(v);
        max = v;
      }
    }
    const float d = max / -8;
    const float id = d != 0 ? 1.0f / d : 0.0f;
    store_u16(out, fp32_to_fp16(d));
    for (int j = 0; j < QK4_0 / 2; ++j) {
      // ggml's FMA build contracts x*id + 8.5f; gguf-py emulates that (test: quant_llm_gguf_py).
      const std::uint8_t xi0 =
          static_cast<std::uint8_t>(std::min<int>(15, static_cast<std::int8_t>(std::fmaf(x[j], id, 8.5f))));
      const std::uint8_t xi1 =
          static_cast<std::uint8_t>(std::min<int>(15, static_cast<std::int8_t>(std::fmaf(x[QK4_0 / 2 + j], id, 8.5f))));
      out[2 + j] = static_cast<std::uint8_t>(xi0 | (xi1 << 4));
    }
  }
}

void quantize_row_q8_0_ref(const float* x, std::uint8_t* out, std::int64_t n) {
  const std::int64_t nb = n / QK8_0;
  for (std::int64_t i = 0; i < nb; ++i, x += QK8_0, out += kQ8_0Bytes) {
    float amax = 0.0f;
    for (int j = 0; j < QK8_0; ++j) {
      const float v = x[j];
      amax = amax > std::fabs(v) ? amax : std::fabs(v);
    }
    const float d = amax / ((1 << 7) - 1);
    const float id = d != 0 ? 1.0f / d : 0.0f;
    store_u16(out, fp32_to_fp16(d));
    for (int j = 0; j < QK8_0; ++j) {
      const float x0 = x[j] * id;
      out[2 + j] = static_cast<std::uint8_t>(static_cast<std::int8_t>(std::round(x0)));
    }
  }
}

void quantize_row_q4_k_ref(const float* x, std::uint8_t* out, std::int64_t n) {
  const std::int64_t nb = n / QK_K;
  std::uint8_t L[QK_K];
  for (std::int64_t i = 0; i < nb; ++i, x += QK_K, out += kQ4_KBytes) {
    std::memset(out, 0, kQ4_KBytes);
    fit_k_superblock(x, out, L, 15, -1.f, 20);
    std::uint8_t* q = out + 16;
    for (int j = 0; j < QK_K; j += 64) {
      for (int l = 0; l < 32; ++l) q[l] = static_cast<std::uint8_t>(L[j + l] | (L[j + l + 32] << 4));
      q += 32;
    }
  }
}

void quantize_row_q5_k_ref(const float* x, std::uint8_t* out, std::int64_t n) {
  const std::int64_t nb = n / QK_K;
  std::uint8_t L[QK_K];
  for (std::int64_t i = 0; i < nb; ++i, x += QK_K, out += kQ5_KBytes) {
    std::memset(out, 0, kQ5_KBytes);
    fit_k_superblock(x, out, L, 31, -0.5f, 15);
    std::uint8_t* qh = out + 16;
    std::uint8_t* ql = out + 48;
    std::uint8_t m1 = 1, m2 = 2;
    for (int nn = 0; nn < QK_K; nn += 64) {
      for (int j = 0; j < 32; ++j) {
        int l1 = L[nn + j];
        if (l1 > 15) {
          l1 -= 16;
          qh[j] |= m1;
        }
        int l2 = L[nn + j + 32];
        if (l2 > 15) {
          l2 -= 16;
          qh[j] |= m2;
        }
        ql[j] = static_cast<std::uint8_t>(l1 | (l2 << 4));
      }
      m1 = static_cast<std::uint8_t>(m1 << 2);
      m2 = static_cast<std::uint8_t>(m2 << 2);
      ql += 32;
    }
  }
}

void quantize_row_q6_k_ref(const float* x, std::uint8_t* out, std::int64_t n) {
  const std::int64_t nb = n / QK_K;
  std::int8_t L[QK_K];
  float scales[QK_K / 16];
  for (std::int64_t i = 0; i < nb; ++i, x += QK_K, out += kQ6_KBytes) {
    float max_scale = 0;
    float max_abs_scale = 0;
    for (int ib = 0; ib < QK_K / 16; ++ib) {
      const float scale = make_qx_quants_rmse1(16, 32, x + 16 * ib, L + 16 * ib);
      scales[ib] = scale;
      const float abs_scale = std::fabs(scale);
      if (abs_scale > max_abs_scale) {
        max_abs_scale = abs_scale;
        max_scale = scale;
      }
    }
    std::memset(out, 0, kQ6_KBytes);
    if (max_abs_scale < kGroupMaxEps) continue;  // all-zero block, d = 0
    const float iscale = -128.f / max_scale;
    store_u16(out + 208, fp32_to_fp16(1 / iscale));
    auto* sc = reinterpret_cast<std::int8_t*>(out + 192);
    for (int ib = 0; ib < QK_K / 16; ++ib) sc[ib] = static_cast<std::int8_t>(std::min(127, nearest_int(iscale * scales[ib])));
    const float d_all = load_fp16(out + 208);
    for (int j = 0; j < QK_K / 16; ++j) {
      const float d = d_all * sc[j];
      if (d == 0) continue;
      for (int ii = 0; ii < 16; ++ii) {
        int l = nearest_int(x[16 * j + ii] / d);
        l = std::max(-32, std::min(31, l));
        L[16 * j + ii] = static_cast<std::int8_t>(l + 32);
      }
    }
    std::uint8_t* ql = out;
    std::uint8_t* qh = out + 128;
    for (int j = 0; j < QK_K; j += 128) {
      for (int l = 0; l < 32; ++l) {
        const std::uint8_t q1 = L[j + l + 0] & 0xF;
        const std::uint8_t q2 = L[j + l + 32] & 0xF;
        const std::uint8_t q3 = L[j + l + 64] & 0xF;
        const std::uint8_t q4 = L[j + l + 96] & 0xF;
        ql[l + 0] = static_cast<std::uint8_t>(q1 | (q3 << 4));
        ql[l + 32] = static_cast<std::uint8_t>(q2 | (q4 << 4));
        qh[l] = static_cast<std::uint8_t>((L[j + l] >> 4) | ((L[j + l + 32] >> 4) << 2) | ((L[j + l + 64] >> 4) << 4) |
                                          ((L[j + l + 96] >> 4) << 6));
      }
      ql += 64;
      qh += 32;
    }
  }
}

}  // namespace quant
