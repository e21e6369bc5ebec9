// AVX-512 tile operations (target attributes, so nothing here is reached on a CPU without
// AVX-512 F: prefill_tile_ops checks first). Register blocks: scores hold kRowGroup rows x 64
// keys (16 zmm accumulators; per dimension 4 key loads and 4 query broadcasts for 16 FMAs),
// P V holds kRowGroup rows x 64 dimensions (per key 4 value loads and 4 weight broadcasts).
#include "attention/prefill_tile.hpp"

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>

#include <cmath>

#define ATTN_AVX512 __attribute__((target("avx512f")))

namespace attention {

namespace {

static_assert(kKeyTile == 64, "four 16-wide vectors cover a tile");

template <int R>
ATTN_AVX512 void scores_rows(const float* q, std::size_t q_stride, const float* kt, int d, float* s) {
  __m512 a[R][4];
#pragma GCC unroll 4
  for (int r = 0; r < R; ++r) {
    for (int j = 0; j < 4; ++j) a[r][j] = _mm512_setzero_ps();
  }
  for (int x = 0; x < d; ++x) {
    const float* row = kt + static_cast<std::size_t>(x) * kKeyTile;
    const __m512 k0 = _mm512_loadu_ps(row), k1 = _mm512_loadu_ps(row + 16), k2 = _mm512_loadu_ps(row + 32),
                 k3 = _mm512_loadu_ps(row + 48);
#pragma GCC unroll 4
    for (int r = 0; r < R; ++r) {
      const __m512 qb = _mm512_set1_ps(q[static_cast<std::size_t>(r) * q_stride + x]);
      a[r][0] = _mm512_fmadd_ps(qb, k0, a[r][0]);
      a[r][1] = _mm512_fmadd_ps(qb, k1, a[r][1]);
      a[r][2] = _mm512_fmadd_ps(qb, k2, a[r][2]);
      a[r][3] = _mm512_fmadd_ps(qb, k3, a[r][3]);
    }
  }
#pragma GCC unroll 4
  for (int r = 0; r < R; ++r) {
    for (int j = 0; j < 4; ++j) _mm512_storeu_ps(s + r * kKeyTile + 16 * j, a[r][j]);
  }
}

ATTN_AVX512 void scores_avx512(const float* q, std::size_t q_stride, int rows, const float* kt, int d, float* s) {
  switch (rows) {
    case 4: scores_rows<4>(q, q_stride, kt, d, s); break;
    case 3: scores_rows<3>(q, q_stride, kt, d, s); break;
    case 2: scores_rows<2>(q, q_stride, kt, d, s); break;
    case 1: scores_rows<1>(q, q_stride, kt, d, s); break;
    default: break;
  }
}

// exp(x) for x <= 0: the same range reduction and polynomial as the AVX2 path (Cephes expf,
// within 2 ulp), so both paths give the same weights.
ATTN_AVX512 inline __m512 exp512(__m512 x) {
  x = _mm512_max_ps(x, _mm512_set1_ps(-87.3f));  // below: 2^k leaves the normal range
  const __m512 k = _mm512_roundscale_ps(_mm512_mul_ps(x, _mm512_set1_ps(1.44269504088896341f)),
                                        _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
  __m512 r = _mm512_fnmadd_ps(k, _mm512_set1_ps(0.693359375f), x);
  r = _mm512_fnmadd_ps(k, _mm512_set1_ps(-2.12194440e-4f), r);
  __m512 y = _mm512_set1_ps(1.9875691500e-4f);
  y = _mm512_fmadd_ps(y, r, _mm512_set1_ps(1.3981999507e-3f));
  y = _mm512_fmadd_ps(y, r, _mm512_set1_ps(8.3334519073e-3f));
  y = _mm512_fmadd_ps(y, r, _mm512_set1_ps(4.1665795894e-2f));
  y = _mm512_fmadd_ps(y, r, _mm512_set1_ps(1.6666665459e-1f));
  y = _mm512_fmadd_ps(y, r, _mm512_set1_ps(5.0000001201e-1f));
  y = _mm512_fmadd_ps(y, _mm512_mul_ps(r, r), _mm512_add_ps(r, _mm512_set1_ps(1.0f)));
  const __m512i e = _mm512_slli_epi32(_mm512_add_epi32(_mm512_cvtps_epi32(k), _mm512_set1_epi32(127)), 23);
  return _mm512_mul_ps(y, _mm512_castsi512_ps(e));
}

// The rows of a group in phases (all maxima, then the rescales, then all weights), so that
// their reductions overlap instead of forming one chain per row.
template <int R>
ATTN_AVX512 void softmax_rows(float* s, const std::uint64_t* visible, float scale, RowState* st, float* alpha) {
  const __m512 hidden = _mm512_set1_ps(-INFINITY), vscale = _mm512_set1_ps(scale);
  __mmask16 k[R][4];
  __m512 x[R][4];
  float tile_max[R], m[R];
#pragma GCC unroll 4
  for (int r = 0; r < R; ++r) {
    for (int j = 0; j < 4; ++j) {
      k[r][j] = static_cast<__mmask16>(visible[r] >> (16 * j));
      x[r][j] = _mm512_mask_mul_ps(hidden, k[r][j], _mm512_loadu_ps(s + r * kKeyTile + 16 * j), vscale);
    }
    tile_max[r] = _mm512_reduce_max_ps(_mm512_max_ps(_mm512_max_ps(x[r][0], x[r][1]), _mm512_max_ps(x[r][2], x[r][3])));
  }
  for (int r = 0; r < R; ++r) {
    if (tile_max[r] == -INFINITY) {  // nothing visible: weights 0 (every lane masked), state kept
      alpha[r] = 1.0f;
      m[r] = 0.0f;
    } else {
      alpha[r] = online_rescale(st[r], tile_max[r]);
      m[r] = st[r].m;
    }
  }
#pragma GCC unroll 4
  for (int r = 0; r < R; ++r) {
    const __m512 mr = _mm512_set1_ps(m[r]);
    __m512 e[4];
    for (int j = 0; j < 4; ++j) {
      e[j] = _mm512_maskz_mov_ps(k[r][j], exp512(_mm512_sub_ps(x[r][j], mr)));
      _mm512_storeu_ps(s + r * kKeyTile + 16 * j, e[j]);
    }
    if (tile_max[r] != -INFINITY) {
      st[r].l += _mm512_reduce_add_ps(_mm512_add_ps(_mm512_add_ps(e[0], e[1]), _mm512_add_ps(e[2], e[3])));
    }
  }
}

ATTN_AVX512 void softmax_avx512(float* s, int rows, const std::uint64_t* visible, float scale, RowState* st,
                                float* alpha) {
  switch (rows) {
    case 4: softmax_rows<4>(s, visible, scale, st, alpha); break;
    case 3: softmax_rows<3>(s, visible, scale, st, alpha); break;
    case 2: softmax_rows<2>(s, visible, scale, st, alpha); break;
    case 1: softmax_rows<1>(s, visible, scale, st, alpha); break;
    default: break;
  }
}

template <int R>
ATTN_AVX512 void pv_rows(float* o, int d, const float* alpha, const float* p, int keys, const float* v,
                         std::size_t v_stride) {
  int i0 = 0;
  for (; i0 + 64 <= d; i0 += 64) {
    __m512 a[R][4];
#pragma GCC unroll 4
    for (int r = 0; r < R; ++r) {
      const __m512 al = _mm512_set1_ps(alpha[r]);
      for (int j = 0; j < 4; ++j) a[r][j] = _mm512_mul_ps(_mm512_loadu_ps(o + r * d + i0 + 16 * j), al);
    }
    const float* vc = v + i0;
    for (int c = 0; c < keys; ++c, vc += v_stride) {
      const __m512 v0 = _mm512_loadu_ps(vc), v1 = _mm512_loadu_ps(vc + 16), v2 = _mm512_loadu_ps(vc + 32),
                   v3 = _mm512_loadu_ps(vc + 48);
#pragma GCC unroll 4
      for (int r = 0; r < R; ++r) {
        const __m512 pb = _mm512_set1_ps(p[r * kKeyTile + c]);
        a[r][0] = _mm512_fmadd_ps(pb, v0, a[r][0]);
        a[r][1] = _mm512_fmadd_ps(pb, v1, a[r][1]);
        a[r][2] = _mm512_fmadd_ps(pb, v2, a[r][2]);
        a[r][3] = _mm512_fmadd_ps(pb, v3, a[r][3]);
      }
    }
#pragma GCC unroll 4
    for (int r = 0; r < R; ++r) {
      for (int j = 0; j < 4; ++j) _mm512_storeu_ps(o + r * d + i0 + 16 * j, a[r][j]);
    }
  }
  for (; i0 < d; i0 += 16) {  // 16 dimensions at a time, the last ones under a mask
    const __mmask16 km = d - i0 >= 16 ? static_cast<__mmask16>(0xFFFF) : static_cast<__mmask16>((1u << (d - i0)) - 1);
    __m512 a[R];
    for (int r = 0; r < R; ++r) a[r] = _mm512_mul_ps(_mm512_maskz_loadu_ps(km, o + r * d + i0), _mm512_set1_ps(alpha[r]));
    const float* vc = v + i0;
    for (int c = 0; c < keys; ++c, vc += v_stride) {
      const __m512 vv = _mm512_maskz_loadu_ps(km, vc);
      for (int r = 0; r < R; ++r) a[r] = _mm512_fmadd_ps(_mm512_set1_ps(p[r * kKeyTile + c]), vv, a[r]);
    }
    for (int r = 0; r < R; ++r) _mm512_mask_storeu_ps(o + r * d + i0, km, a[r]);
  }
}

ATTN_AVX512 void pv_avx512(float* o, int rows, int d, const float* alpha, const float* p, int keys, const float* v,
                           std::size_t v_stride) {
  switch (rows) {
    case 4: pv_rows<4>(o, d, alpha, p, keys, v, v_stride); break;
    case 3: pv_rows<3>(o, d, alpha, p, keys, v, v_stride); break;
    case 2: pv_rows<2>(o, d, alpha, p, keys, v, v_stride); break;
    case 1: pv_rows<1>(o, d, alpha, p, keys, v, v_stride); break;
    default: break;
  }
}

ATTN_AVX512 void pv_list_avx512(float* o, int d, float alpha, const float* w, const float* const* v_rows, int count) {
  const __m512 al = _mm512_set1_ps(alpha);
  int i0 = 0;
  for (; i0 + 128 <= d; i0 += 128) {
    __m512 a[8];
    for (int j = 0; j < 8; ++j) a[j] = _mm512_mul_ps(_mm512_loadu_ps(o + i0 + 16 * j), al);
    for (int n = 0; n < count; ++n) {
      const __m512 wb = _mm512_set1_ps(w[n]);
      const float* row = v_rows[n] + i0;
      for (int j = 0; j < 8; ++j) a[j] = _mm512_fmadd_ps(wb, _mm512_loadu_ps(row + 16 * j), a[j]);
    }
    for (int j = 0; j < 8; ++j) _mm512_storeu_ps(o + i0 + 16 * j, a[j]);
  }
  for (; i0 < d; i0 += 16) {
    const __mmask16 km = d - i0 >= 16 ? static_cast<__mmask16>(0xFFFF) : static_cast<__mmask16>((1u << (d - i0)) - 1);
    __m512 a = _mm512_mul_ps(_mm512_maskz_loadu_ps(km, o + i0), al);
    for (int n = 0; n < count; ++n) a = _mm512_fmadd_ps(_mm512_set1_ps(w[n]), _mm512_maskz_loadu_ps(km, v_rows[n] + i0), a);
    _mm512_mask_storeu_ps(o + i0, km, a);
  }
}

}  // namespace

const PrefillTileOps& prefill_tile_ops_avx512() {
  static const PrefillTileOps ops{scores_avx512, softmax_avx512, pv_avx512, pv_list_avx512, Isa::avx512};
  return ops;
}

}  // namespace attention

#else  // not x86: never selected (isa_supported is false)

namespace attention {
const PrefillTileOps& prefill_tile_ops_avx512() { return prefill_tile_ops_scalar(); }
}  // namespace attention

#endif
