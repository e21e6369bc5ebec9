// AVX-512 (F + BW) vertical pass of the 8-bit resampler (built with -mavx512f -mavx512bw):
// 16 int32 lanes per accumulator, the scalar pass's integer arithmetic.
#include <immintrin.h>

#include "vl_preproc/resample.hpp"
#include "vl_preproc/resample_math.hpp"

namespace vl::detail {

void vertical_rows_avx512(const ResizePlan& plan, const std::uint8_t* in, std::uint8_t* out, int y0, int y1) {
  const std::int64_t stride = std::int64_t{plan.vertical_width} * 3;
  const __m512i half = _mm512_set1_epi32(1 << 21);
  const __m512i zero = _mm512_setzero_si512();
  for (int y = y0; y < y1; ++y) {
    const std::int32_t* k = &plan.v.k[static_cast<std::size_t>(y) * plan.v.ksize];
    const int first = plan.v.first[static_cast<std::size_t>(y)], count = plan.v.count[static_cast<std::size_t>(y)];
    const std::uint8_t* base = in + first * stride;
    std::uint8_t* o = out + y * stride;
    std::int64_t b = 0;
    for (; b + 64 <= stride; b += 64) {
      __m512i a0 = half, a1 = half, a2 = half, a3 = half;
      for (int i = 0; i < count; ++i) {
        const std::uint8_t* p = base + i * stride + b;
        const __m512i w = _mm512_set1_epi32(k[i]);
        a0 = _mm512_add_epi32(a0, _mm512_mullo_epi32(_mm512_cvtepu8_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p))), w));
        a1 = _mm512_add_epi32(a1, _mm512_mullo_epi32(_mm512_cvtepu8_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16))), w));
        a2 = _mm512_add_epi32(a2, _mm512_mullo_epi32(_mm512_cvtepu8_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 32))), w));
        a3 = _mm512_add_epi32(a3, _mm512_mullo_epi32(_mm512_cvtepu8_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 48))), w));
      }
      // clip8: floor shift, negatives to 0, then unsigned saturation to 255.
      auto narrow = [&](__m512i a) { return _mm512_cvtusepi32_epi8(_mm512_max_epi32(_mm512_srai_epi32(a, kPrecisionBits), zero)); };
      _mm_storeu_si128(reinterpret_cast<__m128i*>(o + b), narrow(a0));
      _mm_storeu_si128(reinterpret_cast<__m128i*>(o + b + 16), narrow(a1));
      _mm_storeu_si128(reinterpret_cast<__m128i*>(o + b + 32), narrow(a2));
      _mm_storeu_si128(reinterpret_cast<__m128i*>(o + b + 48), narrow(a3));
    }
    for (; b < stride; ++b) o[b] = vertical_sample(in, stride, first, count, k, b);
  }
}

}  // namespace vl::detail
