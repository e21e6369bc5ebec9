#include "attention/vector_ops.hpp"

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


#ifdef ATTN_X86
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

const VectorOps kScalar{dot_scalar, axpy_scalar, scale_scalar, "scalar"};

}  // namespace

const VectorOps& scalar_vector_ops() { return kScalar; }

const VectorOps& vector_ops() {
#ifdef ATTN_X86
  static const VectorOps ops = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")
                                   ? VectorOps{dot_avx2, axpy_avx2, scale_avx2, "avx2"}
                                   : kScalar;
  return ops;
#else
  return kScalar;
#endif
}

}  // namespace attention
