#include "quant_llm/quantize.hpp"

#include <cmath>
#include <cstring>
#include <stdexcept>

#include "quant_llm/blocks.hpp"
#include "quant_llm/fp16.hpp"

namespace quant {

void quantize_row(GgmlType type, const float* x, std::uint8_t* out, std::int64_t n) {
  switch (type) {
    case GgmlType::F32: std::memcpy(out, x, static_cast<std::size_t>(n) * 4); return;
    case GgmlType::F16:
      for (std::int64_t i = 0; i < n; ++i) store_u16(out + 2 * i, fp32_to_fp16(x[i]));
      return;
    case GgmlType::BF16:
      for (std::int64_t i = 0; i < n; ++i) store_u16(out + 2 * i, fp32_to_bf16(x[i]));
      return;
    case GgmlType::Q4_0: quantize_row_q4_0_ref(x, out, n); return;
    case GgmlType::Q8_0: quantize_row_q8_0_ref(x, out, n); return;
    case GgmlType::Q4_K: quantize_row_q4_k_ref(x, out, n); return;
    case GgmlType::Q5_K: quantize_row_q5_k_ref(x, out, n); return;
    case GgmlType::Q6_K: quantize_row_q6_k_ref(x, out, n); return;
  }
  throw std::invalid_argument("quantize_row: unsupported type " + type_name(type));
}

void dequantize_row(GgmlType type, const std::uint8_t* in, float* y, std::int64_t n) {
  switch (type) {
    case GgmlType::F32: std::memcpy(y, in, static_cast<std::size_t>(n) * 4); return;
    case GgmlType::F16:
      for (std::int64_t i = 0; i < n; ++i) y[i] = fp16_to_fp32(load_u16(in + 2 * i));
      return;
    case GgmlType::BF16:
      for (std::int64_t i = 0; i < n; ++i) y[i] = bf16_to_fp32(load_u16(in + 2 * i));
      return;
    case GgmlType::Q4_0:
      for (std::int64_t b = 0; b < n / 32; ++b) dequant_block_q4_0(in + b * kQ4_0Bytes, y + b * 32);
      return;
    case GgmlType::Q8_0:
      for (std::int64_t b = 0; b < n / 32; ++b) dequant_block_q8_0(in + b * kQ8_0Bytes, y + b * 32);
      return;
    case GgmlType::Q4_K:
      for (std::int64_t b = 0; b < n / 256; ++b) dequant_block_q4_k(in + b * kQ4_KBytes, y + b * 256);
      return;
    case GgmlType::Q5_K:
      for (std::int64_t b = 0; b < n / 256; ++b) dequant_block_q5_k(in + b * kQ5_KBytes, y + b * 256);
      return;
    case GgmlType::Q6_K:
      for (std::int64_t b = 0; b < n / 256; ++b) dequant_block_q6_k(in + b * kQ6_KBytes, y + b * 256);
      return;
  }
  throw std::invalid_argument("dequantize_row: unsupported type " + type_name(type));
}

std::vector<std::uint8_t> quantize(GgmlType type, std::span<const float> x, std::int64_t n) {
  if (n <= 0 || static_cast<std::int64_t>(x.size()) % n != 0) {
    throw std::invalid_argument("quantize: " + std::to_string(x.size()) + " values are not whole rows of " +
                                std::to_string(n));
  }
  const std::int64_t rows = static_cast<std::int64_t>(x.size()) / n;
  const std::int64_t rb = row_bytes(type, n);
  std::vector<std::uint8_t> out(static_cast<std::size_t>(rows * rb));
  for (std::int64_t r = 0; r < rows; ++r) quantize_row(type, x.data() + r * n, out.data() + r * rb, n);
  return out;
}

std::vector<float> dequantize(GgmlType type, std::span<const std::uint8_t> bytes, std::int64_t n_elems) {
  const std::int64_t need = row_bytes(type, n_elems);
  if (static_cast<std::int64_t>(bytes.size()) < need) {
    throw std::invalid_argument("dequantize: " + std::to_string(bytes.size()) + " bytes, need " + std::to_string(need));
  }
  std::vector<float> y(static_cast<std::size_t>(n_elems));
  dequantize_row(type, bytes.data(), y.data(), n_elems);
  return y;
}

double ggml_error(std::span<const float> a, std::span<const float> b) {
  double s = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const double d = static_cast<double>(a[i]) - static_cast<double>(b[i]);
    s += d * d;
  }
  return a.empty() ? 0.0 : std::sqrt(s) / static_cast<double>(a.size());
}

}  // namespace quant
