// AVX2 passes of the 8-bit resampler (built with -mavx2). Same int32 products and sums as
// resample_math.hpp, in lanes: integer arithmetic, so the result is bitwise the scalar one.
#include <immintrin.h>

#include "vl_preproc/resample.hpp"
#include "vl_preproc/resample_math.hpp"

namespace vl::detail {

void vertical_rows_avx2(const ResizePlan& plan, const std::uint8_t* in, std::uint8_t* out, int y0, int y1) {
  const std::int64_t stride = std::int64_t{plan.vertical_width} * 3;
  const __m256i half = _mm256_set1_epi32(1 << 21);
  const __m256i order = _mm256_setr_epi32(0, 4, 1, 5, 2, 6, 3, 7);
  for (int y = y0; y < y1; ++y) {
    const std::int32_t* k = &plan.v.k[static_cast<std::size_t>(y) * plan.v.ksize];
    const int first = plan.v.first[static_cast<std::size_t>(y)], count = plan.v.count[static_cast<std::size_t>(y)];
    const std::uint8_t* base = in + first * stride;
    std::uint8_t* o = out + y * stride;
    std::int64_t b = 0;
    for (; b + 32 <= stride; b += 32) {
      __m256i a0 = half, a1 = half, a2 = half, a3 = half;
      for (int i = 0; i < count; ++i) {
        const std::uint8_t* p = base + i * stride + b;
        const __m256i w = _mm256_set1_epi32(k[i]);
        a0 = _mm256_add_epi32(a0, _mm256_mullo_epi32(_mm256_cvtepu8_epi32(_mm_loadl_epi64(reinterpret_cast<const __m128i*>(p))), w));
        a1 = _mm256_add_epi32(a1, _mm256_mullo_epi32(_mm256_cvtepu8_epi32(_mm_loadl_epi64(reinterpret_cast<const __m128i*>(p + 8))), w));
        a2 = _mm256_add_epi32(a2, _mm256_mullo_epi32(_mm256_cvtepu8_epi32(_mm_loadl_epi64(reinterpret_cast<const __m128i*>(p + 16))), w));
        a3 = _mm256_add_epi32(a3, _mm256_mullo_epi32(_mm256_cvtepu8_epi32(_mm_loadl_epi64(reinterpret_cast<const __m128i*>(p + 24))), w));
      }
      a0 = _mm256_srai_epi32(a0, kPrecisionBits);
      a1 = _mm256_srai_epi32(a1, kPrecisionBits);
      a2 = _mm256_srai_epi32(a2, kPrecisionBits);
      a3 = _mm256_srai_epi32(a3, kPrecisionBits);
      // Saturating packs clamp to [0, 255] exactly as clip8; the permute undoes the lane split.
      const __m256i packed = _mm256_packus_epi16(_mm256_packs_epi32(a0, a1), _mm256_packs_epi32(a2, a3));
      _mm256_storeu_si256(reinterpret_cast<__m256i*>(o + b), _mm256_permutevar8x32_epi32(packed, order));
    }
    for (; b < stride; ++b) o[b] = vertical_sample(in, stride, first, count, k, b);
  }
}

void horizontal_rows_avx2(const ResizePlan& plan, const std::uint8_t* src, std::uint8_t* tmp, int y0, int y1) {
  const std::int64_t in_stride = std::int64_t{plan.src_width} * 3, out_stride = std::int64_t{plan.dst_width} * 3;
  // Lanes 0-2: tap i's RGB, lanes 3-5: tap i+1's; lanes 6-7 are ignored.
  const __m256i spread = _mm256_setr_epi32(0, 0, 0, 1, 1, 1, 1, 1);
  for (int y = y0; y < y1; ++y) {
    const std::uint8_t* row = src + (plan.row_begin + y) * in_stride;
    std::uint8_t* out = tmp + y * out_stride;
    for (int x = 0; x < plan.dst_width; ++x) {
      const std::int32_t* k = &plan.h.k[static_cast<std::size_t>(x) * plan.h.ksize];
      const int first = plan.h.first[static_cast<std::size_t>(x)], count = plan.h.count[static_cast<std::size_t>(x)];
      __m256i acc = _mm256_setzero_si256();
      int i = 0;
      // A pair reads 8 bytes from pixel first+i: stay inside the row.
      for (; i + 1 < count && (first + i) * 3 + 8 <= in_stride; i += 2) {
        const __m256i px = _mm256_cvtepu8_epi32(_mm_loadl_epi64(reinterpret_cast<const __m128i*>(row + (first + i) * 3)));
        const __m256i w = _mm256_permutevar8x32_epi32(
            _mm256_castsi128_si256(_mm_loadl_epi64(reinterpret_cast<const __m128i*>(k + i))), spread);
        acc = _mm256_add_epi32(acc, _mm256_mullo_epi32(px, w));
      }
      alignas(32) std::int32_t lanes[8];
      _mm256_store_si256(reinterpret_cast<__m256i*>(lanes), acc);
      for (int c = 0; c < 3; ++c) {
        std::int32_t s = (1 << 21) + lanes[c] + lanes[c + 3];
        for (int j = i; j < count; ++j) s += static_cast<std::int32_t>(row[(first + j) * 3 + c]) * k[j];
        out[3 * x + c] = clip8(s);
      }
    }
  }
}

}  // namespace vl::detail
