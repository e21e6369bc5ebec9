#include "attention/dtype.hpp"

#include <bit>
#include <cmath>
#include <stdexcept>

namespace attention {

DType parse_dtype(const std::string& name) {
  if (name == "f32" || name == "fp32" || name == "float32") return DType::f32;
  if (name == "f16" || name == "fp16" || name == "float16") return DType::f16;
  if (name == "bf16" || name == "bfloat16") return DType::bf16;
  throw std::invalid_argument("unknown dtype '" + name + "': use f32, f16 or bf16");
}

const char* dtype_name(DType t) {
  switch (t) {
    case DType::f32: return "f32";
    case DType::f16: return "f16";
    case DType::bf16: return "bf16";
  }
  return "?";
}

int dtype_bytes(DType t) { return t == DType::f32 ? 4 : 2; }

std::uint16_t to_bf16_bits(float x) {
  const auto bits = std::bit_cast<std::uint32_t>(x);
  if (std::isnan(x)) return static_cast<std::uint16_t>((bits >> 16) | 0x40);  // keep it a quiet NaN
  const std::uint32_t rounding = 0x7FFF + ((bits >> 16) & 1);
  return static_cast<std::uint16_t>((bits + rounding) >> 16);
}

float from_bf16_bits(std::uint16_t bits) { return std::bit_cast<float>(static_cast<std::uint32_t>(bits) << 16); }

std::uint16_t to_f16_bits(float x) {
  const auto bits = std::bit_cast<std::uint32_t>(x);
  const std::uint16_t sign = static_cast<std::uint16_t>((bits >> 16) & 0x8000);
  const std::uint32_t abs = bits & 0x7FFFFFFF;
  if (abs >= 0x7F800000) return static_cast<std::uint16_t>(sign | 0x7C00 | (abs > 0x7F800000 ? 0x200 : 0));
  if (abs >= 0x477FF000) return static_cast<std::uint16_t>(sign | 0x7C00);  // rounds past 65504: inf
  const int exponent = static_cast<int>(abs >> 23) - 127;
  if (exponent < -25) return sign;  // below half the smallest subnormal: zero
  std::uint32_t mantissa = (abs & 0x7FFFFF) | 0x800000;  // 24 bits with the implicit one
  int shift;                                              // bits to drop from the 24
  std::uint32_t half_exponent;
  if (exponent < -14) {  // subnormal half
    shift = 13 + (-14 - exponent);
    half_exponent = 0;
  } else {
    shift = 13;
    half_exponent = static_cast<std::uint32_t>(exponent + 15);
  }
  std::uint32_t kept = mantissa >> shift;
  const std::uint32_t rest = mantissa & ((1u << shift) - 1);
  const std::uint32_t halfway = 1u << (shift - 1);
  if (rest > halfway || (rest == halfway && (kept & 1))) ++kept;
  // For normals kept has the implicit bit at 1 << 10; adding the exponent field carries
  // naturally into the next binade (and into inf) on rounding overflow.
  std::uint32_t result;
  if (half_exponent == 0) {
    result = kept;  // may round up into the smallest normal: the encoding is still right
  } else {
    result = ((half_exponent - 1) << 10) + kept;
  }
  return static_cast<std::uint16_t>(sign | result);
}

float from_f16_bits(std::uint16_t h) {
  const std::uint32_t sign = static_cast<std::uint32_t>(h & 0x8000) << 16;
  const int exponent = (h >> 10) & 0x1F;
  const std::uint32_t mantissa = h & 0x3FF;
  if (exponent == 0x1F) return std::bit_cast<float>(sign | 0x7F800000 | (mantissa << 13));
  if (exponent == 0) {
    const float value = std::ldexp(static_cast<float>(mantissa), -24);
    return sign ? -value : value;
  }
  return std::bit_cast<float>(sign | (static_cast<std::uint32_t>(exponent + 112) << 23) | (mantissa << 13));
}

float round_to(DType t, float x) {
  switch (t) {
    case DType::f32: return x;
    case DType::f16: return from_f16_bits(to_f16_bits(x));
    case DType::bf16: return from_bf16_bits(to_bf16_bits(x));
  }
  return x;
}

void round_all(DType t, std::span<float> values) {
  if (t == DType::f32) return;
  for (auto& x : values) x = round_to(t, x);
}

std::vector<std::uint16_t> to_bits(DType t, std::span<const float> values) {
  if (t == DType::f32) throw std::invalid_argument("to_bits: f32 has no 16-bit encoding");
  std::vector<std::uint16_t> bits(values.size());
  for (std::size_t i = 0; i < values.size(); ++i) {
    bits[i] = t == DType::f16 ? to_f16_bits(values[i]) : to_bf16_bits(values[i]);
  }
  return bits;
}

}  // namespace attention
