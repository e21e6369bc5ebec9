#pragma once
// ggml tensor type ids (enum ggml_type in ggml.h): a name for every id so that rejections are
// specific, and block geometry for the supported set.
#include <cstdint>
#include <string>

namespace quant {

enum class GgmlType : std::uint32_t {
  F32 = 0,
  F16 = 1,
  Q4_0 = 2,
  Q8_0 = 8,
  Q4_K = 12,
  Q5_K = 13,
  Q6_K = 14,
  BF16 = 30,
};

inline constexpr int QK4_0 = 32;
inline constexpr int QK8_0 = 32;
inline constexpr int QK_K = 256;

inline constexpr int kQ4_0Bytes = 18;
inline constexpr int kQ8_0Bytes = 34;
inline constexpr int kQ4_KBytes = 144;
inline constexpr int kQ5_KBytes = 176;
inline constexpr int kQ6_KBytes = 210;

struct TypeTraits {
  const char* name;
  std::int64_t block_elems;  // 0: removed / invalid id
  std::int64_t block_bytes;
  bool supported;
  const char* note;  // why unsupported, when it is
};

// Traits of any id; ids >= 43 come back with name "unknown" and block_elems 0.
TypeTraits type_traits(std::uint32_t id);
inline TypeTraits type_traits(GgmlType t) { return type_traits(static_cast<std::uint32_t>(t)); }
// "Q4_K", or "unknown ggml type id 57".
std::string type_name(std::uint32_t id);
inline std::string type_name(GgmlType t) { return type_name(static_cast<std::uint32_t>(t)); }
bool type_supported(std::uint32_t id);
// "tensor X has type IQ2_XS (16), which is not supported; supported: ..."
std::string unsupported_type_message(const std::string& tensor, std::uint32_t id);
// Parses "q4_k", "Q4_K", "f16", ... (supported types only); throws std::invalid_argument.
GgmlType parse_type(const std::string& name);
// Bytes of a row of n elements (n a multiple of the block size).
std::int64_t row_bytes(GgmlType t, std::int64_t n);
std::int64_t block_elems(GgmlType t);
inline bool is_quantized(GgmlType t) {
  return t == GgmlType::Q4_0 || t == GgmlType::Q8_0 || t == GgmlType::Q4_K || t == GgmlType::Q5_K ||
         t == GgmlType::Q6_K;
}

inline constexpr const char* kSupportedTypes = "F32, F16, BF16, Q4_0, Q8_0, Q4_K, Q5_K, Q6_K";

}  // namespace quant
