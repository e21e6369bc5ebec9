#pragma once
// Element types of the inputs. CPU variants compute in float32 on values already rounded to
// the input type, so cpu_ref on the same floats is the exact oracle of what a kernel with
// fp16/bf16 inputs should produce (the error measured is the kernel's, not the rounding's).
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace attention {

enum class DType { f32, f16, bf16 };

DType parse_dtype(const std::string& name);  // "f32" | "fp32" | "f16" | "fp16" | "bf16"; throws otherwise
const char* dtype_name(DType t);
int dtype_bytes(DType t);

// Round-to-nearest-even conversions (IEEE binary16 with subnormals; bfloat16), and back.
std::uint16_t to_bf16_bits(float x);
std::uint16_t to_f16_bits(float x);
float from_bf16_bits(std::uint16_t bits);
float from_f16_bits(std::uint16_t bits);

// x rounded to the nearest value of type t (identity for f32).
float round_to(DType t, float x);
void round_all(DType t, std::span<float> values);
// The 16-bit encodings of `values` (t must be f16 or bf16).
std::vector<std::uint16_t> to_bits(DType t, std::span<const float> values);

}  // namespace attention
