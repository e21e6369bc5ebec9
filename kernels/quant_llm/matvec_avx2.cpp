// AVX2+FMA fused dequant-dot kernels: quantized blocks are unpacked to int8 in registers,
// widened to f32 and multiplied into f32 activations; nothing is written back to memory.
// Functions carry target attributes (not file-wide -mavx2) so no AVX2 code leaks into inline
// functions shared with the scalar path.
#include "quant_llm/matvec_avx2.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "quant_llm/blocks.hpp"
#include "quant_llm/quantize.hpp"
#include "quant_llm/fp16.hpp"

#if defined(__x86_64__)
#include <immintrin.h>
#define QUANT_AVX2 __attribute__((target("avx2,fma")))

namespace quant::avx2 {
namespace {

// acc += x[0..31] * int8 values of q (element order: low lane 0..15, high lane 16..31).
QUANT_AVX2 inline __m256 fmadd32(__m256i q, const float* x, __m256 acc) {
  const __m128i lo = _mm256_castsi256_si128(q), hi = _mm256_extracti128_si256(q, 1);
  acc = _mm256_fmadd_ps(_mm256_cvtepi32_ps(_mm256_cvtepi8_epi32(lo)), _mm256_loadu_ps(x), acc);
  acc = _mm256_fmadd_ps(_mm256_cvtepi32_ps(_mm256_cvtepi8_epi32(_mm_srli_si128(lo, 8))), _mm256_loadu_ps(x + 8), acc);
  acc = _mm256_fmadd_ps(_mm256_cvtepi32_ps(_mm256_cvtepi8_epi32(hi)), _mm256_loadu_ps(x + 16), acc);
  acc = _mm256_fmadd_ps(_mm256_cvtepi32_ps(_mm256_cvtepi8_epi32(_mm_srli_si128(hi, 8))), _mm256_loadu_ps(x + 24), acc);
  return acc;
}
QUANT_AVX2 inline __m256 fmadd16(__m128i q, const float* x, __m256 acc) {
  acc = _mm256_fmadd_ps(_mm256_cvtepi32_ps(_mm256_cvtepi8_epi32(q)), _mm256_loadu_ps(x), acc);
  acc = _mm256_fmadd_ps(_mm256_cvtepi32_ps(_mm256_cvtepi8_epi32(_mm_srli_si128(q, 8))), _mm256_loadu_ps(x + 8), acc);
  return acc;
}
QUANT_AVX2 inline float hsum(__m256 v) {
  __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
  s = _mm_add_ps(s, _mm_movehl_ps(s, s));
  s = _mm_add_ss(s, _mm_movehdup_ps(s));
  return _mm_cvtss_f32(s);
}

QUANT_AVX2 float row_q4_0(const std::uint8_t* row, const float* x, std::int64_t cols) {
  const __m128i m4 = _mm_set1_epi8(0x0F), eight = _mm_set1_epi8(8);
  __m256 acc = _mm256_setzero_ps();
  for (std::int64_t b = 0; b < cols / 32; ++b, row += kQ4_0Bytes, x += 32) {
    const __m128i raw = _mm_loadu_si128(reinterpret_cast<const __m128i*>(row + 2));
    const __m128i lo = _mm_sub_epi8(_mm_and_si128(raw, m4), eight);
    const __m128i hi = _mm_sub_epi8(_mm_and_si128(_mm_srli_epi16(raw, 4), m4), eight);
    const __m256 blk = fmadd32(_mm256_set_m128i(hi, lo), x, _mm256_setzero_ps());
    acc = _mm256_fmadd_ps(_mm256_set1_ps(load_fp16(row)), blk, acc);
  }
  return hsum(acc);
}

QUANT_AVX2 float row_q8_0(const std::uint8_t* row, const float* x, std::int64_t cols) {
  __m256 acc = _mm256_setzero_ps();
  for (std::int64_t b = 0; b < cols / 32; ++b, row += kQ8_0Bytes, x += 32) {
    const __m256i q = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(row + 2));
    const __m256 blk = fmadd32(q, x, _mm256_setzero_ps());
    acc = _mm256_fmadd_ps(_mm256_set1_ps(load_fp16(row)), blk, acc);
  }
  return hsum(acc);
}

QUANT_AVX2 float row_q4_k(const std::uint8_t* row, const float* x, const float* xsum, std::int64_t cols) {
  const __m256i m4 = _mm256_set1_epi8(0x0F);
  __m256 acc = _mm256_setzero_ps();
  float mins = 0.f;
  for (std::int64_t b = 0; b < cols / 256; ++b, row += kQ4_KBytes, x += 256, xsum += 8) {
    const float d = load_fp16(row), dmin = load_fp16(row + 2);
    for (int g = 0; g < 4; ++g) {
      std::uint8_t sc0, m0, sc1, m1;
      get_scale_min_k4(2 * g, row + 4, &sc0, &m0);
      get_scale_min_k4(2 * g + 1, row + 4, &sc1, &m1);
      const __m256i q = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(row + 16 + 32 * g));
      const __m256 v0 = fmadd32(_mm256_and_si256(q, m4), x + 64 * g, _mm256_setzero_ps());
      const __m256 v1 = fmadd32(_mm256_and_si256(_mm256_srli_epi16(q, 4), m4), x + 64 * g + 32, _mm256_setzero_ps());
      acc = _mm256_fmadd_ps(_mm256_set1_ps(d * sc0), v0, acc);
      acc = _mm256_fmadd_ps(_mm256_set1_ps(d * sc1), v1, acc);
      mins += dmin * m0 * xsum[2 * g] + dmin * m1 * xsum[2 * g + 1];
    }
  }
  return hsum(acc) - mins;
}

QUANT_AVX2 float row_q5_k(const std::uint8_t* row, const float* x, const float* xsum, std::int64_t cols) {
  const __m256i m4 = _mm256_set1_epi8(0x0F), one = _mm256_set1_epi8(1);
  __m256 acc = _mm256_setzero_ps();
  float mins = 0.f;
  for (std::int64_t b = 0; b < cols / 256; ++b, row += kQ5_KBytes, x += 256, xsum += 8) {
    const float d = load_fp16(row), dmin = load_fp16(row + 2);
    const __m256i qh = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(row + 16));
    for (int g = 0; g < 4; ++g) {
      std::uint8_t sc0, m0, sc1, m1;
      get_scale_min_k4(2 * g, row + 4, &sc0, &m0);
      get_scale_min_k4(2 * g + 1, row + 4, &sc1, &m1);
      const __m256i q = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(row + 48 + 32 * g));
      const __m256i h0 = _mm256_slli_epi16(_mm256_and_si256(_mm256_srli_epi16(qh, 2 * g), one), 4);
      const __m256i h1 = _mm256_slli_epi16(_mm256_and_si256(_mm256_srli_epi16(qh, 2 * g + 1), one), 4);
      const __m256i q0 = _mm256_add_epi8(_mm256_and_si256(q, m4), h0);
      const __m256i q1 = _mm256_add_epi8(_mm256_and_si256(_mm256_srli_epi16(q, 4), m4), h1);
      const __m256 v0 = fmadd32(q0, x + 64 * g, _mm256_setzero_ps());
      const __m256 v1 = fmadd32(q1, x + 64 * g + 32, _mm256_setzero_ps());
      acc = _mm256_fmadd_ps(_mm256_set1_ps(d * sc0), v0, acc);
      acc = _mm256_fmadd_ps(_mm256_set1_ps(d * sc1), v1, acc);
      mins += dmin * m0 * xsum[2 * g] + dmin * m1 * xsum[2 * g + 1];
    }
  }
  return hsum(acc) - mins;
}

QUANT_AVX2 float row_q6_k(const std::uint8_t* row, const float* x, std::int64_t cols) {
  const __m256i m4 = _mm256_set1_epi8(0x0F), m2 = _mm256_set1_epi8(3), off = _mm256_set1_epi8(32);
  __m256 acc = _mm256_setzero_ps();
  for (std::int64_t b = 0; b < cols / 256; ++b, row += kQ6_KBytes, x += 256) {
    const float d = load_fp16(row + 208);
    const auto* sc = reinterpret_cast<const std::int8_t*>(row + 192);
    for (int n = 0; n < 2; ++n) {
      const __m256i ql0 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(row + 64 * n));
      const __m256i ql1 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(row + 64 * n + 32));
      const __m256i qh = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(row + 128 + 32 * n));
      for (int t = 0; t < 4; ++t) {
        const __m256i src = (t & 1) ? ql1 : ql0;
        const __m256i nib = t < 2 ? _mm256_and_si256(src, m4) : _mm256_and_si256(_mm256_srli_epi16(src, 4), m4);
        const __m256i hi = _mm256_and_si256(_mm256_srli_epi16(qh, 2 * t), m2);
        const __m256i q = _mm256_sub_epi8(_mm256_or_si256(nib, _mm256_slli_epi16(hi, 4)), off);
        const float* xs = x + 128 * n + 32 * t;
        const __m256 v0 = fmadd16(_mm256_castsi256_si128(q), xs, _mm256_setzero_ps());
        const __m256 v1 = fmadd16(_mm256_extracti128_si256(q, 1), xs + 16, _mm256_setzero_ps());
        acc = _mm256_fmadd_ps(_mm256_set1_ps(d * sc[8 * n + 2 * t]), v0, acc);
        acc = _mm256_fmadd_ps(_mm256_set1_ps(d * sc[8 * n + 2 * t + 1]), v1, acc);
      }
    }
  }
  return hsum(acc);
}

// ---- int8 activations (Q8_K: per-256 scale, per-16 sums), integer dot products ----
// (llama.cpp's vec_dot_q4_K_q8_K / q6_K_q8_K scheme: maddubs of unsigned weight quants with
// signed activation quants, scales applied in 32-bit integers, one float multiply per block.)

QUANT_AVX2 inline int hsum_i32(__m256i v) {
  __m128i s = _mm_add_epi32(_mm256_castsi256_si128(v), _mm256_extracti128_si256(v, 1));
  s = _mm_add_epi32(s, _mm_shuffle_epi32(s, 0x4E));
  s = _mm_add_epi32(s, _mm_shuffle_epi32(s, 0xB1));
  return _mm_cvtsi128_si32(s);
}

QUANT_AVX2 float row_q4_k_q8k(const std::uint8_t* row, const Q8K& a, std::int64_t cols) {
  const __m256i m4 = _mm256_set1_epi8(0x0F);
  float sum = 0.f;
  for (std::int64_t b = 0; b < cols / 256; ++b, row += kQ4_KBytes) {
    const float d = load_fp16(row) * a.d[static_cast<std::size_t>(b)];
    const float dmin = load_fp16(row + 2) * a.d[static_cast<std::size_t>(b)];
    const std::int8_t* q8 = a.qs.data() + b * 256;
    const std::int16_t* bs = a.bsums.data() + b * 16;
    __m256i sumi = _mm256_setzero_si256();
    int summ = 0;
    for (int g = 0; g < 4; ++g) {
      std::uint8_t sc0, m0, sc1, m1;
      get_scale_min_k4(2 * g, row + 4, &sc0, &m0);
      get_scale_min_k4(2 * g + 1, row + 4, &sc1, &m1);
      const __m256i q = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(row + 16 + 32 * g));
      const __m256i a0 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(q8 + 64 * g));
      const __m256i a1 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(q8 + 64 * g + 32));
      const __m256i p0 = _mm256_maddubs_epi16(_mm256_and_si256(q, m4), a0);
      const __m256i p1 = _mm256_maddubs_epi16(_mm256_and_si256(_mm256_srli_epi16(q, 4), m4), a1);
      sumi = _mm256_add_epi32(sumi, _mm256_madd_epi16(p0, _mm256_set1_epi16(sc0)));
      sumi = _mm256_add_epi32(sumi, _mm256_madd_epi16(p1, _mm256_set1_epi16(sc1)));
      summ += m0 * (bs[4 * g] + bs[4 * g + 1]) + m1 * (bs[4 * g + 2] + bs[4 * g + 3]);
    }
    sum += d * static_cast<float>(hsum_i32(sumi)) - dmin * static_cast<float>(summ);
  }
  return sum;
}

QUANT_AVX2 float row_q5_k_q8k(const std::uint8_t* row, const Q8K& a, std::int64_t cols) {
  const __m256i m4 = _mm256_set1_epi8(0x0F), one = _mm256_set1_epi8(1);
  float sum = 0.f;
  for (std::int64_t b = 0; b < cols / 256; ++b, row += kQ5_KBytes) {
    const float d = load_fp16(row) * a.d[static_cast<std::size_t>(b)];
    const float dmin = load_fp16(row + 2) * a.d[static_cast<std::size_t>(b)];
    const std::int8_t* q8 = a.qs.data() + b * 256;
    const std::int16_t* bs = a.bsums.data() + b * 16;
    const __m256i qh = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(row + 16));
    __m256i sumi = _mm256_setzero_si256();
    int summ = 0;
    for (int g = 0; g < 4; ++g) {
      std::uint8_t sc0, m0, sc1, m1;
      get_scale_min_k4(2 * g, row + 4, &sc0, &m0);
      get_scale_min_k4(2 * g + 1, row + 4, &sc1, &m1);
      const __m256i q = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(row + 48 + 32 * g));
      const __m256i h0 = _mm256_slli_epi16(_mm256_and_si256(_mm256_srli_epi16(qh, 2 * g), one), 4);
      const __m256i h1 = _mm256_slli_epi16(_mm256_and_si256(_mm256_srli_epi16(qh, 2 * g + 1), one), 4);
      const __m256i q0 = _mm256_add_epi8(_mm256_and_si256(q, m4), h0);
      const __m256i q1 = _mm256_add_epi8(_mm256_and_si256(_mm256_srli_epi16(q, 4), m4), h1);
      const __m256i a0 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(q8 + 64 * g));
      const __m256i a1 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(q8 + 64 * g + 32));
      sumi = _mm256_add_epi32(sumi, _mm256_madd_epi16(_mm256_maddubs_epi16(q0, a0), _mm256_set1_epi16(sc0)));
      sumi = _mm256_add_epi32(sumi, _mm256_madd_epi16(_mm256_maddubs_epi16(q1, a1), _mm256_set1_epi16(sc1)));
      summ += m0 * (bs[4 * g] + bs[4 * g + 1]) + m1 * (bs[4 * g + 2] + bs[4 * g + 3]);
    }
    sum += d * static_cast<float>(hsum_i32(sumi)) - dmin * static_cast<float>(summ);
  }
  return sum;
}

QUANT_AVX2 float row_q6_k_q8k(const std::uint8_t* row, const Q8K& a, std::int64_t cols) {
  const __m256i m4 = _mm256_set1_epi8(0x0F), m2 = _mm256_set1_epi8(3);
  float sum = 0.f;
  for (std::int64_t b = 0; b < cols / 256; ++b, row += kQ6_KBytes) {
    const float d = load_fp16(row + 208) * a.d[static_cast<std::size_t>(b)];
    const auto* sc = reinterpret_cast<const std::int8_t*>(row + 192);
    const std::int8_t* q8 = a.qs.data() + b * 256;
    const std::int16_t* bs = a.bsums.data() + b * 16;
    __m256i sumi = _mm256_setzero_si256();
    int corr = 0;  // sum of (q - 32) * a = sum q * a - 32 * sum a
    for (int k = 0; k < 16; ++k) corr += sc[k] * bs[k];
    for (int n = 0; n < 2; ++n) {
      const __m256i ql0 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(row + 64 * n));
      const __m256i ql1 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(row + 64 * n + 32));
      const __m256i qh = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(row + 128 + 32 * n));
      for (int t = 0; t < 4; ++t) {
        const __m256i src = (t & 1) ? ql1 : ql0;
        const __m256i nib = t < 2 ? _mm256_and_si256(src, m4) : _mm256_and_si256(_mm256_srli_epi16(src, 4), m4);
        const __m256i hi = _mm256_and_si256(_mm256_srli_epi16(qh, 2 * t), m2);
        const __m256i q = _mm256_or_si256(nib, _mm256_slli_epi16(hi, 4));  // 0..63
        const __m256i av = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(q8 + 128 * n + 32 * t));
        const __m256i p = _mm256_maddubs_epi16(q, av);
        const __m256i scv = _mm256_set_m128i(_mm_set1_epi16(sc[8 * n + 2 * t + 1]), _mm_set1_epi16(sc[8 * n + 2 * t]));
        sumi = _mm256_add_epi32(sumi, _mm256_madd_epi16(p, scv));
      }
    }
    sum += d * static_cast<float>(hsum_i32(sumi) - 32 * corr);
  }
  return sum;
}

QUANT_AVX2 float row_q4_0_q8(const std::uint8_t* row, const Q8B& a, std::int64_t cols) {
  const __m128i m4 = _mm_set1_epi8(0x0F);
  const __m256i ones = _mm256_set1_epi16(1);
  __m256 acc = _mm256_setzero_ps();
  float corr = 0.f;
  for (std::int64_t b = 0; b < cols / 32; ++b, row += kQ4_0Bytes) {
    const float d = load_fp16(row) * a.d[static_cast<std::size_t>(b)];
    const __m128i raw = _mm_loadu_si128(reinterpret_cast<const __m128i*>(row + 2));
    const __m256i q = _mm256_set_m128i(_mm_and_si128(_mm_srli_epi16(raw, 4), m4), _mm_and_si128(raw, m4));
    const __m256i av = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(a.qs.data() + b * 32));
    const __m256i p = _mm256_madd_epi16(_mm256_maddubs_epi16(q, av), ones);
    acc = _mm256_fmadd_ps(_mm256_set1_ps(d), _mm256_cvtepi32_ps(p), acc);
    corr += d * static_cast<float>(8 * a.sums[static_cast<std::size_t>(b)]);  // sum (q - 8) a
  }
  return hsum(acc) - corr;
}

QUANT_AVX2 float row_q8_0_q8(const std::uint8_t* row, const Q8B& a, std::int64_t cols) {
  const __m256i ones = _mm256_set1_epi16(1);
  __m256 acc = _mm256_setzero_ps();
  for (std::int64_t b = 0; b < cols / 32; ++b, row += kQ8_0Bytes) {
    const float d = load_fp16(row) * a.d[static_cast<std::size_t>(b)];
    const __m256i w = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(row + 2));
    const __m256i av = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(a.qs.data() + b * 32));
    // |w| (unsigned) times a with w's sign: maddubs needs one unsigned operand.
    const __m256i p = _mm256_madd_epi16(_mm256_maddubs_epi16(_mm256_sign_epi8(w, w), _mm256_sign_epi8(av, w)), ones);
    acc = _mm256_fmadd_ps(_mm256_set1_ps(d), _mm256_cvtepi32_ps(p), acc);
  }
  return hsum(acc);
}

}  // namespace

Q8B quantize_q8b(const float* x, std::int64_t n) {
  Q8B a;
  a.qs.resize(static_cast<std::size_t>(n));
  a.d.resize(static_cast<std::size_t>(n / 32));
  a.sums.resize(a.d.size());
  for (std::int64_t b = 0; b < n / 32; ++b) {
    const float* xb = x + b * 32;
    float amax = 0.f;
    for (int j = 0; j < 32; ++j) amax = std::max(amax, std::fabs(xb[j]));
    const float d = amax / 127.f, id = d != 0 ? 1.0f / d : 0.0f;
    int s = 0;
    for (int j = 0; j < 32; ++j) {
      const int q = static_cast<int>(std::lround(xb[j] * id));
      a.qs[static_cast<std::size_t>(b * 32 + j)] = static_cast<std::int8_t>(std::max(-127, std::min(127, q)));
      s += a.qs[static_cast<std::size_t>(b * 32 + j)];
    }
    a.d[static_cast<std::size_t>(b)] = d;
    a.sums[static_cast<std::size_t>(b)] = s;
  }
  return a;
}

void matvec_rows_q8b(GgmlType type, const std::uint8_t* w, std::int64_t rb, std::int64_t cols, const Q8B& a, float* y,
                     std::int64_t begin, std::int64_t end) {
  switch (type) {
    case GgmlType::Q4_0:
      for (std::int64_t r = begin; r < end; ++r) y[r] = row_q4_0_q8(w + r * rb, a, cols);
      return;
    case GgmlType::Q8_0:
      for (std::int64_t r = begin; r < end; ++r) y[r] = row_q8_0_q8(w + r * rb, a, cols);
      return;
    default: throw std::invalid_argument("avx2::matvec_rows_q8b: only Q4_0 and Q8_0");
  }
}

Q8K quantize_q8k(const float* x, std::int64_t n) {
  Q8K a;
  a.qs.resize(static_cast<std::size_t>(n));
  a.d.resize(static_cast<std::size_t>(n / 256));
  a.bsums.resize(static_cast<std::size_t>(n / 16));
  for (std::int64_t b = 0; b < n / 256; ++b) {
    const float* xb = x + b * 256;
    std::int8_t* q = a.qs.data() + b * 256;
    float max = 0, amax = 0;
    for (int j = 0; j < 256; ++j) {
      const float ax = std::fabs(xb[j]);
      if (ax > amax) {
        amax = ax;
        max = xb[j];
      }
    }
    if (amax == 0) {
      a.d[static_cast<std::size_t>(b)] = 0.f;
      for (int j = 0; j < 256; ++j) q[j] = 0;
    } else {
      const float iscale = -127.f / max;  // ggml's quantize_row_q8_K_ref
      for (int j = 0; j < 256; ++j) q[j] = static_cast<std::int8_t>(std::min(127, nearest_int(iscale * xb[j])));
      a.d[static_cast<std::size_t>(b)] = 1 / iscale;
    }
    for (int k = 0; k < 16; ++k) {
      int s = 0;
      for (int j = 0; j < 16; ++j) s += q[16 * k + j];
      a.bsums[static_cast<std::size_t>(b * 16 + k)] = static_cast<std::int16_t>(s);
    }
  }
  return a;
}

void matvec_rows_q8k(GgmlType type, const std::uint8_t* w, std::int64_t rb, std::int64_t cols, const Q8K& a, float* y,
                     std::int64_t begin, std::int64_t end) {
  switch (type) {
    case GgmlType::Q4_K:
      for (std::int64_t r = begin; r < end; ++r) y[r] = row_q4_k_q8k(w + r * rb, a, cols);
      return;
    case GgmlType::Q5_K:
      for (std::int64_t r = begin; r < end; ++r) y[r] = row_q5_k_q8k(w + r * rb, a, cols);
      return;
    case GgmlType::Q6_K:
      for (std::int64_t r = begin; r < end; ++r) y[r] = row_q6_k_q8k(w + r * rb, a, cols);
      return;
    default: throw std::invalid_argument("avx2::matvec_rows_q8k: only Q4_K, Q5_K and Q6_K");
  }
}

std::vector<float> block_sums32(const float* x, std::int64_t n) {
  std::vector<float> s(static_cast<std::size_t>((n + 31) / 32), 0.f);
  for (std::int64_t i = 0; i < n; ++i) s[static_cast<std::size_t>(i / 32)] += x[i];
  return s;
}

void matvec_rows(GgmlType type, const std::uint8_t* w, std::int64_t rb, std::int64_t cols, const float* x,
                 const float* xsum, float* y, std::int64_t begin, std::int64_t end) {
  switch (type) {
    case GgmlType::Q4_0:
      for (std::int64_t r = begin; r < end; ++r) y[r] = row_q4_0(w + r * rb, x, cols);
      return;
    case GgmlType::Q8_0:
      for (std::int64_t r = begin; r < end; ++r) y[r] = row_q8_0(w + r * rb, x, cols);
      return;
    case GgmlType::Q4_K:
      for (std::int64_t r = begin; r < end; ++r) y[r] = row_q4_k(w + r * rb, x, xsum, cols);
      return;
    case GgmlType::Q5_K:
      for (std::int64_t r = begin; r < end; ++r) y[r] = row_q5_k(w + r * rb, x, xsum, cols);
      return;
    case GgmlType::Q6_K:
      for (std::int64_t r = begin; r < end; ++r) y[r] = row_q6_k(w + r * rb, x, cols);
      return;
    default: throw std::invalid_argument("avx2::matvec_rows: not a quantized type");
  }
}

}  // namespace quant::avx2

#else  // not x86-64: never called (cpu_has_avx2() is false)

namespace quant::avx2 {
std::vector<float> block_sums32(const float*, std::int64_t) { return {}; }
void matvec_rows(GgmlType, const std::uint8_t*, std::int64_t, std::int64_t, const float*, const float*, float*,
                 std::int64_t, std::int64_t) {
  throw std::logic_error("AVX2 kernels are not built on this architecture");
}
Q8B quantize_q8b(const float*, std::int64_t) { throw std::logic_error("AVX2 kernels are not built on this architecture"); }
void matvec_rows_q8b(GgmlType, const std::uint8_t*, std::int64_t, std::int64_t, const Q8B&, float*, std::int64_t,
                     std::int64_t) {
  throw std::logic_error("AVX2 kernels are not built on this architecture");
}
Q8K quantize_q8k(const float*, std::int64_t) { throw std::logic_error("AVX2 kernels are not built on this architecture"); }
void matvec_rows_q8k(GgmlType, const std::uint8_t*, std::int64_t, std::int64_t, const Q8K&, float*, std::int64_t,
                     std::int64_t) {
  throw std::logic_error("AVX2 kernels are not built on this architecture");
}
}  // namespace quant::avx2
#endif
