#include "attention/vector_ops.hpp"

#include <cmath>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define ATTN_X86 1
#endif

namespace attention {

namespace {

// Eight partial sums, like the AVX2 version's lanes, so the compiler may keep them in
// registers without reassociating anything.
float dot_scalar(const float* a, const float* b, int n) {
  float part[8] = {0, 0, 0, 0, 0, 0, 0, 0};
  int i = 0;
  for (; i + 8 <= n; i += 8) {
    for (int l = 0; l < 8; ++l) part[l] += a[i + l] * b[i + l];
  }
  float s = ((part[0] + part[4]) + (part[1] + part[5])) + ((part[2] + part[6]) + (part[3] + part[7]));
  for (; i < n; ++i) s += a[i] * b[i];
  return s;
}
void axpy_scalar(float* y, float a, const float* x, int n) {
  for (int i = 0; i < n; ++i) y[i] += a * x[i];
}
void scale_scalar(float* y, float a, int n) {
  for (int i = 0; i < n; ++i) y[i] *= a;
}

void scores_tile_scalar(const float* q, const float* kt, int d, float* s) {
  for (int c = 0; c < kTileKeys; ++c) s[c] = 0.0f;
  for (int x = 0; x < d; ++x) {
    const float qx = q[x];
    const float* row = kt + static_cast<long>(x) * kTileKeys;
    for (int c = 0; c < kTileKeys; ++c) s[c] += qx * row[c];
  }
}
void pv_rows_scalar(float* acc, const float* p, const float* const* rows, int count, int d) {
  for (int n = 0; n < count; ++n) axpy_scalar(acc, p[n], rows[n], d);
}

void exp_shifted_scalar(const float* s, float m, float* p, int n) {
  for (int i = 0; i < n; ++i) p[i] = s[i] == -INFINITY ? 0.0f : std::exp(s[i] - m);
}

#ifdef ATTN_X86
// exp(x) for x <= 0 (Cephes expf: x = k ln2 + r, |r| <= ln2/2, polynomial in r, times 2^k).
__attribute__((target("avx2,fma"))) inline __m256 exp_avx2(__m256 x) {
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

__attribute__((target("avx2,fma"))) void exp_shifted_avx2(const float* s, float m, float* p, int n) {
  const __m256 vm = _mm256_set1_ps(m), hidden = _mm256_set1_ps(-INFINITY);
  int i = 0;
  for (; i + 8 <= n; i += 8) {
    const __m256 x = _mm256_loadu_ps(s + i);
    const __m256 e = exp_avx2(_mm256_sub_ps(x, vm));
    _mm256_storeu_ps(p + i, _mm256_andnot_ps(_mm256_cmp_ps(x, hidden, _CMP_EQ_OQ), e));
  }
  if (i < n) {  // the tail through a padded copy, so every element takes the same path
    alignas(32) float in[8], out[8];
    for (int t = 0; t < 8; ++t) in[t] = i + t < n ? s[i + t] : -INFINITY;
    exp_shifted_avx2(in, m, out, 8);
    for (int t = 0; i + t < n; ++t) p[i + t] = out[t];
  }
}

__attribute__((target("avx2,fma"))) void scores_tile_avx2(const float* q, const float* kt, int d, float* s) {
  static_assert(kTileKeys == 64, "eight 8-wide accumulators cover the tile");
  __m256 a0 = _mm256_setzero_ps(), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
  for (int x = 0; x < d; ++x) {
    const __m256 qx = _mm256_set1_ps(q[x]);
    const float* row = kt + static_cast<long>(x) * kTileKeys;
    a0 = _mm256_fmadd_ps(qx, _mm256_loadu_ps(row + 0), a0);
    a1 = _mm256_fmadd_ps(qx, _mm256_loadu_ps(row + 8), a1);
    a2 = _mm256_fmadd_ps(qx, _mm256_loadu_ps(row + 16), a2);
    a3 = _mm256_fmadd_ps(qx, _mm256_loadu_ps(row + 24), a3);
    a4 = _mm256_fmadd_ps(qx, _mm256_loadu_ps(row + 32), a4);
    a5 = _mm256_fmadd_ps(qx, _mm256_loadu_ps(row + 40), a5);
    a6 = _mm256_fmadd_ps(qx, _mm256_loadu_ps(row + 48), a6);
    a7 = _mm256_fmadd_ps(qx, _mm256_loadu_ps(row + 56), a7);
  }
  _mm256_storeu_ps(s + 0, a0);
  _mm256_storeu_ps(s + 8, a1);
  _mm256_storeu_ps(s + 16, a2);
  _mm256_storeu_ps(s + 24, a3);
  _mm256_storeu_ps(s + 32, a4);
  _mm256_storeu_ps(s + 40, a5);
  _mm256_storeu_ps(s + 48, a6);
  _mm256_storeu_ps(s + 56, a7);
}

// Accumulators held in registers across the keys, 64 dimensions at a time; the tail (d not a
// multiple of 8) per key in scalar code. Each acc[i] still sums its terms in key order.
__attribute__((target("avx2,fma"))) void pv_rows_avx2(float* acc, const float* p, const float* const* rows,
                                                      int count, int d) {
  int i0 = 0;
  for (; i0 + 64 <= d; i0 += 64) {
    __m256 a[8];
    for (int v = 0; v < 8; ++v) a[v] = _mm256_loadu_ps(acc + i0 + 8 * v);
    for (int n = 0; n < count; ++n) {
      const __m256 pn = _mm256_set1_ps(p[n]);
      const float* row = rows[n] + i0;
      for (int v = 0; v < 8; ++v) a[v] = _mm256_fmadd_ps(pn, _mm256_loadu_ps(row + 8 * v), a[v]);
    }
    for (int v = 0; v < 8; ++v) _mm256_storeu_ps(acc + i0 + 8 * v, a[v]);
  }
  for (; i0 + 8 <= d; i0 += 8) {
    __m256 a = _mm256_loadu_ps(acc + i0);
    for (int n = 0; n < count; ++n) a = _mm256_fmadd_ps(_mm256_set1_ps(p[n]), _mm256_loadu_ps(rows[n] + i0), a);
    _mm256_storeu_ps(acc + i0, a);
  }
  for (; i0 < d; ++i0) {
    float a = acc[i0];
    for (int n = 0; n < count; ++n) a += p[n] * rows[n][i0];
    acc[i0] = a;
  }
}

__attribute__((target("avx2,fma"))) float dot_avx2(const float* a, const float* b, int n) {
  __m256 acc0 = _mm256_setzero_ps(), acc1 = _mm256_setzero_ps();
  int i = 0;
  for (; i + 16 <= n; i += 16) {
    acc0 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i), _mm256_loadu_ps(b + i), acc0);
    acc1 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i + 8), _mm256_loadu_ps(b + i + 8), acc1);
  }
  if (i + 8 <= n) {
    acc0 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i), _mm256_loadu_ps(b + i), acc0);
    i += 8;
  }
  const __m256 acc = _mm256_add_ps(acc0, acc1);
  __m128 sum = _mm_add_ps(_mm256_castps256_ps128(acc), _mm256_extractf128_ps(acc, 1));
  sum = _mm_hadd_ps(sum, sum);
  sum = _mm_hadd_ps(sum, sum);
  float s = _mm_cvtss_f32(sum);
  for (; i < n; ++i) s += a[i] * b[i];
  return s;
}
__attribute__((target("avx2,fma"))) void axpy_avx2(float* y, float a, const float* x, int n) {
  const __m256 va = _mm256_set1_ps(a);
  int i = 0;
  for (; i + 8 <= n; i += 8) {
    _mm256_storeu_ps(y + i, _mm256_fmadd_ps(va, _mm256_loadu_ps(x + i), _mm256_loadu_ps(y + i)));
  }
  for (; i < n; ++i) y[i] += a * x[i];
}
__attribute__((target("avx2,fma"))) void scale_avx2(float* y, float a, int n) {
  const __m256 va = _mm256_set1_ps(a);
  int i = 0;
  for (; i + 8 <= n; i += 8) _mm256_storeu_ps(y + i, _mm256_mul_ps(va, _mm256_loadu_ps(y + i)));
  for (; i < n; ++i) y[i] *= a;
}
#endif

const VectorOps kScalar{dot_scalar, axpy_scalar, scale_scalar, scores_tile_scalar, pv_rows_scalar, exp_shifted_scalar, "scalar"};

}  // namespace

const VectorOps& scalar_vector_ops() { return kScalar; }

const VectorOps& vector_ops() {
#ifdef ATTN_X86
  static const VectorOps ops = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")
                                   ? VectorOps{dot_avx2, axpy_avx2, scale_avx2, scores_tile_avx2, pv_rows_avx2, exp_shifted_avx2, "avx2"}
                                   : kScalar;
  return ops;
#else
  return kScalar;
#endif
}

}  // namespace attention
