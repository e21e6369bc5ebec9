// AVX2+FMA tile operations (target attributes; prefill_tile_ops checks the CPU first). With 16
// ymm registers the blocks are kRowGroup rows x 16 keys (scores) and kRowGroup rows x 16
// dimensions (P V): 8 accumulators, 2 loads and 4 broadcasts per 8 FMAs.
#include "attention/prefill_tile.hpp"

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>

#include <cmath>

#define ATTN_AVX2 __attribute__((target("avx2,fma")))

namespace attention {

namespace {

static_assert(kKeyTile == 64, "eight 8-wide vectors cover a tile");

template <int R>
ATTN_AVX2 void scores_rows(const float* q, std::size_t q_stride, const float* kt, int d, float* s) {
  for (int c0 = 0; c0 < kKeyTile; c0 += 16) {
    __m256 a[R][2];
#pragma GCC unroll 4
    for (int r = 0; r < R; ++r) a[r][0] = a[r][1] = _mm256_setzero_ps();
    for (int x = 0; x < d; ++x) {
      const float* row = kt + static_cast<std::size_t>(x) * kKeyTile + c0;
      const __m256 k0 = _mm256_loadu_ps(row), k1 = _mm256_loadu_ps(row + 8);
#pragma GCC unroll 4
      for (int r = 0; r < R; ++r) {
        const __m256 qb = _mm256_broadcast_ss(q + static_cast<std::size_t>(r) * q_stride + x);
        a[r][0] = _mm256_fmadd_ps(qb, k0, a[r][0]);
        a[r][1] = _mm256_fmadd_ps(qb, k1, a[r][1]);
      }
    }
#pragma GCC unroll 4
    for (int r = 0; r < R; ++r) {
      _mm256_storeu_ps(s + r * kKeyTile + c0, a[r][0]);
      _mm256_storeu_ps(s + r * kKeyTile + c0 + 8, a[r][1]);
    }
  }
}

ATTN_AVX2 void scores_avx2(const float* q, std::size_t q_stride, int rows, const float* kt, int d, float* s) {
  switch (rows) {
    case 4: scores_rows<4>(q, q_stride, kt, d, s); break;
    case 3: scores_rows<3>(q, q_stride, kt, d, s); break;
    case 2: scores_rows<2>(q, q_stride, kt, d, s); break;
    case 1: scores_rows<1>(q, q_stride, kt, d, s); break;
    default: break;
  }
}

// exp(x) for x <= 0 (Cephes expf: x = k ln2 + r, |r| <= ln2/2, polynomial in r, times 2^k).
ATTN_AVX2 inline __m256 exp256(__m256 x) {
  x = _mm256_max_ps(x, _mm256_set1_ps(-87.3f));  // below: 2^k leaves the normal range
  const __m256 k = _mm256_round_ps(_mm256_mul_ps(x, _mm256_set1_ps(1.44269504088896341f)),
                                   _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
  __m256 r = _mm256_fnmadd_ps(k, _mm256_set1_ps(0.693359375f), x);
  r = _mm256_fnmadd_ps(k, _mm256_set1_ps(-2.12194440e-4f), r);
  __m256 y = _mm256_set1_ps(1.9875691500e-4f);
  y = _mm256_fmadd_ps(y, r, _mm256_set1_ps(1.3981999507e-3f));
  y = _mm256_fmadd_ps(y, r, _mm256_set1_ps(8.3334519073e-3f));
  y = _mm256_fmadd_ps(y, r, _mm256_set1_ps(4.1665795894e-2f));
  y = _mm256_fmadd_ps(y, r, _mm256_set1_ps(1.6666665459e-1f));
  y = _mm256_fmadd_ps(y, r, _mm256_set1_ps(5.0000001201e-1f));
  y = _mm256_fmadd_ps(y, _mm256_mul_ps(r, r), _mm256_add_ps(r, _mm256_set1_ps(1.0f)));
  const __m256i e = _mm256_slli_epi32(_mm256_add_epi32(_mm256_cvtps_epi32(k), _mm256_set1_epi32(127)), 23);
  return _mm256_mul_ps(y, _mm256_castsi256_ps(e));
}

ATTN_AVX2 inline float hmax256(__m256 v) {
  __m128 m = _mm_max_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
  m = _mm_max_ps(m, _mm_movehl_ps(m, m));
  m = _mm_max_ss(m, _mm_shuffle_ps(m, m, 1));
  return _mm_cvtss_f32(m);
}
ATTN_AVX2 inline float hsum256(__m256 v) {
  __m128 m = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
  m = _mm_add_ps(m, _mm_movehl_ps(m, m));
  m = _mm_add_ss(m, _mm_shuffle_ps(m, m, 1));
  return _mm_cvtss_f32(m);
}

ATTN_AVX2 void softmax_avx2(float* s, int rows, const std::uint64_t* visible, float scale, RowState* st,
                            float* alpha) {
  const __m256 hidden = _mm256_set1_ps(-INFINITY), vscale = _mm256_set1_ps(scale);
  const __m256i lane_bit = _mm256_setr_epi32(1, 2, 4, 8, 16, 32, 64, 128);
  for (int r = 0; r < rows; ++r) {
    float* sr = s + r * kKeyTile;
    __m256 k[8], x[8];
    for (int j = 0; j < 8; ++j) {
      const __m256i byte = _mm256_set1_epi32(static_cast<int>(visible[r] >> (8 * j) & 0xFFu));
      k[j] = _mm256_castsi256_ps(_mm256_cmpeq_epi32(_mm256_and_si256(byte, lane_bit), lane_bit));
      x[j] = _mm256_blendv_ps(hidden, _mm256_mul_ps(_mm256_loadu_ps(sr + 8 * j), vscale), k[j]);
    }
    const __m256 m01 = _mm256_max_ps(x[0], x[1]), m23 = _mm256_max_ps(x[2], x[3]);
    const __m256 m45 = _mm256_max_ps(x[4], x[5]), m67 = _mm256_max_ps(x[6], x[7]);
    const float tile_max = hmax256(_mm256_max_ps(_mm256_max_ps(m01, m23), _mm256_max_ps(m45, m67)));
    if (tile_max == -INFINITY) {  // nothing visible in this tile
      for (int j = 0; j < 8; ++j) _mm256_storeu_ps(sr + 8 * j, _mm256_setzero_ps());
      alpha[r] = 1.0f;
      continue;
    }
    alpha[r] = online_rescale(st[r], tile_max);
    const __m256 m = _mm256_set1_ps(st[r].m);
    __m256 e[8];
    for (int j = 0; j < 8; ++j) {
      e[j] = _mm256_and_ps(k[j], exp256(_mm256_sub_ps(x[j], m)));
      _mm256_storeu_ps(sr + 8 * j, e[j]);
    }
    const __m256 s01 = _mm256_add_ps(e[0], e[1]), s23 = _mm256_add_ps(e[2], e[3]);
    const __m256 s45 = _mm256_add_ps(e[4], e[5]), s67 = _mm256_add_ps(e[6], e[7]);
    st[r].l += hsum256(_mm256_add_ps(_mm256_add_ps(s01, s23), _mm256_add_ps(s45, s67)));
  }
}

// Lanes i0 .. min(i0 + 8, d) - 1 selected (maskload/maskstore touch no other element).
ATTN_AVX2 inline __m256i tail_mask(int left) {
  const __m256i index = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
  return _mm256_cmpgt_epi32(_mm256_set1_epi32(left), index);
}

template <int R>
ATTN_AVX2 void pv_rows(float* o, int d, const float* alpha, const float* p, int keys, const float* v,
                       std::size_t v_stride) {
  int i0 = 0;
  for (; i0 + 16 <= d; i0 += 16) {
    __m256 a[R][2];
#pragma GCC unroll 4
    for (int r = 0; r < R; ++r) {
      const __m256 al = _mm256_set1_ps(alpha[r]);
      a[r][0] = _mm256_mul_ps(_mm256_loadu_ps(o + r * d + i0), al);
      a[r][1] = _mm256_mul_ps(_mm256_loadu_ps(o + r * d + i0 + 8), al);
    }
    const float* vc = v + i0;
    for (int c = 0; c < keys; ++c, vc += v_stride) {
      const __m256 v0 = _mm256_loadu_ps(vc), v1 = _mm256_loadu_ps(vc + 8);
#pragma GCC unroll 4
      for (int r = 0; r < R; ++r) {
        const __m256 pb = _mm256_broadcast_ss(p + r * kKeyTile + c);
        a[r][0] = _mm256_fmadd_ps(pb, v0, a[r][0]);
        a[r][1] = _mm256_fmadd_ps(pb, v1, a[r][1]);
      }
    }
#pragma GCC unroll 4
    for (int r = 0; r < R; ++r) {
      _mm256_storeu_ps(o + r * d + i0, a[r][0]);
      _mm256_storeu_ps(o + r * d + i0 + 8, a[r][1]);
    }
  }
  for (; i0 < d; i0 += 8) {  // 8 dimensions at a time, the last ones under a mask
    const __m256i km = tail_mask(d - i0);
    __m256 a[R];
    for (int r = 0; r < R; ++r) a[r] = _mm256_mul_ps(_mm256_maskload_ps(o + r * d + i0, km), _mm256_set1_ps(alpha[r]));
    const float* vc = v + i0;
    for (int c = 0; c < keys; ++c, vc += v_stride) {
      const __m256 vv = _mm256_maskload_ps(vc, km);
      for (int r = 0; r < R; ++r) a[r] = _mm256_fmadd_ps(_mm256_broadcast_ss(p + r * kKeyTile + c), vv, a[r]);
    }
    for (int r = 0; r < R; ++r) _mm256_maskstore_ps(o + r * d + i0, km, a[r]);
  }
}

ATTN_AVX2 void pv_avx2(float* o, int rows, int d, const float* alpha, const float* p, int keys, const float* v,
                       std::size_t v_stride) {
  switch (rows) {
    case 4: pv_rows<4>(o, d, alpha, p, keys, v, v_stride); break;
    case 3: pv_rows<3>(o, d, alpha, p, keys, v, v_stride); break;
    case 2: pv_rows<2>(o, d, alpha, p, keys, v, v_stride); break;
    case 1: pv_rows<1>(o, d, alpha, p, keys, v, v_stride); break;
    default: break;
  }
}

ATTN_AVX2 void pv_list_avx2(float* o, int d, float alpha, const float* w, const float* const* v_rows, int count) {
  const __m256 al = _mm256_set1_ps(alpha);
  int i0 = 0;
  for (; i0 + 64 <= d; i0 += 64) {
    __m256 a[8];
    for (int j = 0; j < 8; ++j) a[j] = _mm256_mul_ps(_mm256_loadu_ps(o + i0 + 8 * j), al);
    for (int n = 0; n < count; ++n) {
      const __m256 wb = _mm256_set1_ps(w[n]);
      const float* row = v_rows[n] + i0;
      for (int j = 0; j < 8; ++j) a[j] = _mm256_fmadd_ps(wb, _mm256_loadu_ps(row + 8 * j), a[j]);
    }
    for (int j = 0; j < 8; ++j) _mm256_storeu_ps(o + i0 + 8 * j, a[j]);
  }
  for (; i0 < d; i0 += 8) {
    const __m256i km = tail_mask(d - i0);
    __m256 a = _mm256_mul_ps(_mm256_maskload_ps(o + i0, km), al);
    for (int n = 0; n < count; ++n) a = _mm256_fmadd_ps(_mm256_set1_ps(w[n]), _mm256_maskload_ps(v_rows[n] + i0, km), a);
    _mm256_maskstore_ps(o + i0, km, a);
  }
}

}  // namespace

const PrefillTileOps& prefill_tile_ops_avx2() {
  static const PrefillTileOps ops{scores_avx2, softmax_avx2, pv_avx2, pv_list_avx2, Isa::avx2};
  return ops;
}

}  // namespace attention

#else  // not x86: never selected (isa_supported is false)

namespace attention {
const PrefillTileOps& prefill_tile_ops_avx2() { return prefill_tile_ops_scalar(); }
}  // namespace attention

#endif
