#pragma once
// Row quantize (ggml's reference algorithms, quantize_row_*_ref) and row dequantize for every
// supported type. Rows are n elements, n a multiple of the type's block size.
#include <cstdint>
#include <span>
#include <vector>

#include "quant_llm/ggml_type.hpp"

namespace quant {

// ggml's nearest_int: round half to even via the 1.5*2^23 trick (valid for |f| <= 4194303).
int nearest_int(float f);

// Reference quantizers (literal ports, compiled with -ffp-contract=off). `out` must hold
// row_bytes(type, n) bytes.
void quantize_row_q4_0_ref(const float* x, std::uint8_t* out, std::int64_t n);
void quantize_row_q8_0_ref(const float* x, std::uint8_t* out, std::int64_t n);
void quantize_row_q4_k_ref(const float* x, std::uint8_t* out, std::int64_t n);
void quantize_row_q5_k_ref(const float* x, std::uint8_t* out, std::int64_t n);
void quantize_row_q6_k_ref(const float* x, std::uint8_t* out, std::int64_t n);

// Any supported type, including F32/F16/BF16 (plain conversions).
void quantize_row(GgmlType type, const float* x, std::uint8_t* out, std::int64_t n);
void dequantize_row(GgmlType type, const std::uint8_t* in, float* y, std::int64_t n);

// Whole matrix of `rows` rows of `n` elements (row-major, as GGUF stores it).
std::vector<std::uint8_t> quantize(GgmlType type, std::span<const float> x, std::int64_t n);
std::vector<float> dequantize(GgmlType type, std::span<const std::uint8_t> bytes, std::int64_t n_elems);

// ggml's test-quantize-fns error metric: sqrt(sum (a-b)^2) / n, accumulated in double.
double ggml_error(std::span<const float> a, std::span<const float> b);

}  // namespace quant
