#pragma once
// AVX2+FMA fused dequant-dot row kernels (called only where cpu_has_avx2()).
#include <cstdint>
#include <vector>

#include "quant_llm/ggml_type.hpp"

namespace quant::avx2 {

// Activations quantized to Q8_K (ggml's quantize_row_q8_K_ref, block_q8_K): int8 per element,
// an f32 scale per 256, and the sum of each 16 quants.
struct Q8K {
  std::vector<std::int8_t> qs;
  std::vector<float> d;
  std::vector<std::int16_t> bsums;
};
Q8K quantize_q8k(const float* x, std::int64_t n);
// Q4_K, Q5_K and Q6_K rows against Q8_K activations: integer dots (maddubs), as llama.cpp does.
void matvec_rows_q8k(GgmlType type, const std::uint8_t* w, std::int64_t row_bytes, std::int64_t cols, const Q8K& a,
                     float* y, std::int64_t begin, std::int64_t end);

// Activations quantized per 32 (Q8_0-like, f32 scale d = amax/127): int8 per element, the
// scale and the sum of the quants of each block.
struct Q8B {
  std::vector<std::int8_t> qs;
  std::vector<float> d;
  std::vector<int> sums;
};
Q8B quantize_q8b(const float* x, std::int64_t n);
// Q4_0 and Q8_0 rows against Q8B activations: integer dots (maddubs).
void matvec_rows_q8b(GgmlType type, const std::uint8_t* w, std::int64_t row_bytes, std::int64_t cols, const Q8B& a,
                     float* y, std::int64_t begin, std::int64_t end);

// Sums of x over each run of 32 elements (the K-quant min terms use them for every row).
std::vector<float> block_sums32(const float* x, std::int64_t n);
// y[r] for r in [begin, end): rows of `row_bytes` bytes starting at `w`.
void matvec_rows(GgmlType type, const std::uint8_t* w, std::int64_t row_bytes, std::int64_t cols, const float* x,
                 const float* xsum32, float* y, std::int64_t begin, std::int64_t end);

}  // namespace quant::avx2
