#pragma once
// AVX2+FMA fused dequant-dot row kernels (called only where cpu_has_avx2()).
#include <cstdint>
#include <vector>

#include "quant_llm/ggml_type.hpp"

namespace quant::avx2 {

// Sums of x over each run of 32 elements (the K-quant min terms use them for every row).
std::vector<float> block_sums32(const float* x, std::int64_t n);
// y[r] for r in [begin, end): rows of `row_bytes` bytes starting at `w`.
void matvec_rows(GgmlType type, const std::uint8_t* w, std::int64_t row_bytes, std::int64_t cols, const float* x,
                 const float* xsum32, float* y, std::int64_t begin, std::int64_t end);

}  // namespace quant::avx2
