// Vector paths of parse_one (AVX2 and AVX-512, chosen at run time): the emission sums of a
// token's feature rows and the Viterbi step, 16 label lanes at a time, in int32 as the scalar
// decode does, with the same tie-break (a later predecessor wins only when strictly greater).
// Analysis, constraints, backtracking and finalize are the scalar core's. The functions carry
// target attributes instead of the file carrying -m flags, so the inline core functions they
// call keep a single, baseline-ISA definition program-wide.
#include <immintrin.h>

#include <cstring>

#include "address/batch.hpp"
#include "address/isa.hpp"
#include "address/parse_core.hpp"

namespace address {

bool isa_supported(Isa isa) {
#if defined(__x86_64__)
  switch (isa) {
    case Isa::scalar: return true;
    case Isa::avx2: return __builtin_cpu_supports("avx2");
    case Isa::avx512: return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw");
  }
  return false;
#else
  return isa == Isa::scalar;
#endif
}

Isa best_isa() {
  if (isa_supported(Isa::avx512)) return Isa::avx512;
  if (isa_supported(Isa::avx2)) return Isa::avx2;
  return Isa::scalar;
}

const char* isa_name(Isa isa) {
  switch (isa) {
    case Isa::scalar: return "scalar";
    case Isa::avx2: return "avx2";
    case Isa::avx512: return "avx512";
  }
  return "?";
}

#if defined(__x86_64__)
namespace {

static_assert(kLanes == 16, "the vector paths hold one weight row (16 int16 lanes) per load");

// Transitions, start and end widened to int32 once per range.
struct WideTables {
  alignas(64) std::int32_t trans[kLabels][kLanes];
  alignas(64) std::int32_t start[kLanes], end[kLanes];
  explicit WideTables(const ModelView& m) {
    for (int p = 0; p < kLabels; ++p)
      for (int l = 0; l < kLanes; ++l) trans[p][l] = m.trans[p * kLanes + l];
    for (int l = 0; l < kLanes; ++l) {
      start[l] = m.start[l];
      end[l] = m.end[l];
    }
  }
};

// (Helpers, not lambdas: a lambda does not inherit its enclosing function's target.)
__attribute__((target("avx2"))) inline void emission_avx2(const ModelView& m, const Analysis& a, int t, __m256i& lo,
                                                          __m256i& hi) {
  std::uint32_t rows[kMaxRows];
  const int n = token_rows(a, t, rows);
  lo = hi = _mm256_setzero_si256();
  for (int k = 0; k < n; ++k) {
    const std::int16_t* r = m.weights + static_cast<std::size_t>(rows[k]) * kLanes;
    lo = _mm256_add_epi32(lo, _mm256_cvtepi16_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i*>(r))));
    hi = _mm256_add_epi32(hi, _mm256_cvtepi16_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i*>(r + 8))));
  }
  // Label kPin (11) is lane 3 of the high half: forbidden unless the token is six digits.
  if (a.info[t].shape != kSixDigitShape) hi = _mm256_insert_epi32(hi, kForbidden, kPin - 8);
}

__attribute__((target("avx2"))) void decode_avx2(const ModelView& m, const WideTables& w, const Analysis& a,
                                                  std::uint8_t* labels) {
  std::uint8_t bp[kMaxTokens][kLabels];
  alignas(32) std::int32_t score[kLanes];
  __m256i lo, hi;
  emission_avx2(m, a, 0, lo, hi);
  _mm256_store_si256(reinterpret_cast<__m256i*>(score), _mm256_add_epi32(lo, _mm256_load_si256(reinterpret_cast<const __m256i*>(w.start))));
  _mm256_store_si256(reinterpret_cast<__m256i*>(score + 8),
                     _mm256_add_epi32(hi, _mm256_load_si256(reinterpret_cast<const __m256i*>(w.start + 8))));
  for (int t = 1; t < a.n; ++t) {
    emission_avx2(m, a, t, lo, hi);
    __m256i best_lo = _mm256_add_epi32(_mm256_set1_epi32(score[0]), _mm256_load_si256(reinterpret_cast<const __m256i*>(w.trans[0])));
    __m256i best_hi = _mm256_add_epi32(_mm256_set1_epi32(score[0]), _mm256_load_si256(reinterpret_cast<const __m256i*>(w.trans[0] + 8)));
    __m256i arg_lo = _mm256_setzero_si256(), arg_hi = _mm256_setzero_si256();
    for (int p = 1; p < kLabels; ++p) {
      const __m256i prev = _mm256_set1_epi32(score[p]), id = _mm256_set1_epi32(p);
      const __m256i s_lo = _mm256_add_epi32(prev, _mm256_load_si256(reinterpret_cast<const __m256i*>(w.trans[p])));
      const __m256i s_hi = _mm256_add_epi32(prev, _mm256_load_si256(reinterpret_cast<const __m256i*>(w.trans[p] + 8)));
      const __m256i g_lo = _mm256_cmpgt_epi32(s_lo, best_lo), g_hi = _mm256_cmpgt_epi32(s_hi, best_hi);
      best_lo = _mm256_blendv_epi8(best_lo, s_lo, g_lo);
      best_hi = _mm256_blendv_epi8(best_hi, s_hi, g_hi);
      arg_lo = _mm256_blendv_epi8(arg_lo, id, g_lo);
      arg_hi = _mm256_blendv_epi8(arg_hi, id, g_hi);
    }
    alignas(32) std::int32_t arg[kLanes];
    _mm256_store_si256(reinterpret_cast<__m256i*>(arg), arg_lo);
    _mm256_store_si256(reinterpret_cast<__m256i*>(arg + 8), arg_hi);
    for (int l = 0; l < kLabels; ++l) bp[t][l] = static_cast<std::uint8_t>(arg[l]);
    _mm256_store_si256(reinterpret_cast<__m256i*>(score), _mm256_add_epi32(best_lo, lo));
    _mm256_store_si256(reinterpret_cast<__m256i*>(score + 8), _mm256_add_epi32(best_hi, hi));
  }
  viterbi_backtrack(score, w.end, bp, a.n, labels);
}

__attribute__((target("avx512f,avx512bw"))) inline __m512i emission_avx512(const ModelView& m, const Analysis& a, int t) {
  std::uint32_t rows[kMaxRows];
  const int n = token_rows(a, t, rows);
  __m512i e = _mm512_setzero_si512();
  for (int k = 0; k < n; ++k) {
    const std::int16_t* r = m.weights + static_cast<std::size_t>(rows[k]) * kLanes;
    e = _mm512_add_epi32(e, _mm512_cvtepi16_epi32(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(r))));
  }
  if (a.info[t].shape != kSixDigitShape)
    e = _mm512_mask_mov_epi32(e, static_cast<__mmask16>(1u << kPin), _mm512_set1_epi32(kForbidden));
  return e;
}

__attribute__((target("avx512f,avx512bw"))) void decode_avx512(const ModelView& m, const WideTables& w,
                                                                const Analysis& a, std::uint8_t* labels) {
  std::uint8_t bp[kMaxTokens][kLabels];
  alignas(64) std::int32_t score[kLanes];
  _mm512_store_si512(score, _mm512_add_epi32(emission_avx512(m, a, 0), _mm512_load_si512(w.start)));
  for (int t = 1; t < a.n; ++t) {
    const __m512i e = emission_avx512(m, a, t);
    __m512i best = _mm512_add_epi32(_mm512_set1_epi32(score[0]), _mm512_load_si512(w.trans[0]));
    __m512i arg = _mm512_setzero_si512();
    for (int p = 1; p < kLabels; ++p) {
      const __m512i s = _mm512_add_epi32(_mm512_set1_epi32(score[p]), _mm512_load_si512(w.trans[p]));
      const __mmask16 g = _mm512_cmpgt_epi32_mask(s, best);
      best = _mm512_mask_mov_epi32(best, g, s);
      arg = _mm512_mask_mov_epi32(arg, g, _mm512_set1_epi32(p));
    }
    alignas(16) std::uint8_t a8[kLanes];
    _mm_store_si128(reinterpret_cast<__m128i*>(a8), _mm512_cvtepi32_epi8(arg));
    std::memcpy(bp[t], a8, kLabels);
    _mm512_store_si512(score, _mm512_add_epi32(best, e));
  }
  viterbi_backtrack(score, w.end, bp, a.n, labels);
}

template <class Decode>
void parse_range_with(const ModelView& m, const Batch& b, std::size_t first, std::size_t last, ParseResult* out,
                      Decode decode_fn) {
  const WideTables w(m);
  Analysis a;
  std::uint8_t labels[kMaxTokens];
  for (std::size_t i = first; i < last; ++i) {
    const std::uint32_t o = b.offsets[i];
    const char* text = b.bytes.data() + o;
    const int n = static_cast<int>(b.offsets[i + 1] - o);
    ParseResult& r = out[i];
    if (!check_input(text, n, r)) continue;
    analyze(m, text, n, b.pin_hints[i], a);
    if (a.n) decode_fn(m, w, a, labels);
    finalize(m, text, a, labels, b.pin_hints[i], r);
  }
}

}  // namespace
#endif

void parse_range(const ModelView& m, const Batch& b, std::size_t first, std::size_t last, ParseResult* out, Isa isa) {
#if defined(__x86_64__)
  if (isa == Isa::avx512 && isa_supported(Isa::avx512)) return parse_range_with(m, b, first, last, out, decode_avx512);
  if (isa == Isa::avx2 && isa_supported(Isa::avx2)) return parse_range_with(m, b, first, last, out, decode_avx2);
#endif
  parse_range(m, b, first, last, out);
}

}  // namespace address
