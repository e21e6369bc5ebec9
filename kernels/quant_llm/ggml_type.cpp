#include "quant_llm/ggml_type.hpp"

#include <algorithm>
#include <cctype>
#include <stdexcept>

namespace quant {
namespace {

constexpr TypeTraits kTable[] = {
    {"F32", 1, 4, true, ""},
    {"F16", 1, 2, true, ""},
    {"Q4_0", 32, 18, true, ""},
    {"Q4_1", 32, 20, false, ""},
    {"Q4_2", 0, 0, false, "removed"},
    {"Q4_3", 0, 0, false, "removed"},
    {"Q5_0", 32, 22, false, ""},
    {"Q5_1", 32, 24, false, ""},
    {"Q8_0", 32, 34, true, ""},
    {"Q8_1", 32, 36, false, "activation-only type"},
    {"Q2_K", 256, 84, false, ""},
    {"Q3_K", 256, 110, false, ""},
    {"Q4_K", 256, 144, true, ""},
    {"Q5_K", 256, 176, true, ""},
    {"Q6_K", 256, 210, true, ""},
    {"Q8_K", 256, 292, false, "activation-only type"},
    {"IQ2_XXS", 256, 66, false, ""},
    {"IQ2_XS", 256, 74, false, ""},
    {"IQ3_XXS", 256, 98, false, ""},
    {"IQ1_S", 256, 50, false, ""},
    {"IQ4_NL", 32, 18, false, ""},
    {"IQ3_S", 256, 110, false, ""},
    {"IQ2_S", 256, 82, false, ""},
    {"IQ4_XS", 256, 136, false, ""},
    {"I8", 1, 1, false, "not used by Llama"},
    {"I16", 1, 2, false, "not used by Llama"},
    {"I32", 1, 4, false, "not used by Llama"},
    {"I64", 1, 8, false, "not used by Llama"},
    {"F64", 1, 8, false, ""},
    {"IQ1_M", 256, 56, false, ""},
    {"BF16", 1, 2, true, ""},
    {"Q4_0_4_4", 0, 0, false, "removed from GGUF; runtime repack"},
    {"Q4_0_4_8", 0, 0, false, "removed from GGUF; runtime repack"},
    {"Q4_0_8_8", 0, 0, false, "removed from GGUF; runtime repack"},
    {"TQ1_0", 256, 54, false, ""},
    {"TQ2_0", 256, 66, false, ""},
    {"IQ4_NL_4_4", 0, 0, false, "removed"},
    {"IQ4_NL_4_8", 0, 0, false, "removed"},
    {"IQ4_NL_8_8", 0, 0, false, "removed"},
    {"MXFP4", 32, 17, false, ""},
    {"NVFP4", 64, 36, false, ""},
    {"Q1_0", 128, 18, false, ""},
    {"Q2_0", 64, 18, false, ""},
};
constexpr std::uint32_t kTypeCount = sizeof(kTable) / sizeof(kTable[0]);
static_assert(kTypeCount == 43, "GGML_TYPE_COUNT is 43");

}  // namespace

TypeTraits type_traits(std::uint32_t id) {
  if (id < kTypeCount) return kTable[id];
  return {"unknown", 0, 0, false, "unknown ggml type id"};
}

std::string type_name(std::uint32_t id) {
  if (id < kTypeCount) return kTable[id].name;
  return "unknown ggml type id " + std::to_string(id);
}

bool type_supported(std::uint32_t id) { return id < kTypeCount && kTable[id].supported; }

std::string unsupported_type_message(const std::string& tensor, std::uint32_t id) {
  std::string msg = "tensor " + tensor + " has ";
  if (id < kTypeCount) {
    msg += "type " + std::string(kTable[id].name) + " (" + std::to_string(id) + ")";
    if (*kTable[id].note) msg += std::string(" [") + kTable[id].note + "]";
  } else {
    msg += "unknown ggml type id " + std::to_string(id);
  }
  return msg + ", which is not supported; supported: " + kSupportedTypes;
}

GgmlType parse_type(const std::string& name) {
  std::string up = name;
  std::transform(up.begin(), up.end(), up.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  for (std::uint32_t id = 0; id < kTypeCount; ++id) {
    if (kTable[id].supported && up == kTable[id].name) return static_cast<GgmlType>(id);
  }
  throw std::invalid_argument("unknown or unsupported tensor type '" + name + "'; supported: " + kSupportedTypes);
}

std::int64_t block_elems(GgmlType t) { return type_traits(t).block_elems; }

std::int64_t row_bytes(GgmlType t, std::int64_t n) {
  const auto tr = type_traits(t);
  if (tr.block_elems == 0 || n % tr.block_elems != 0) {
    throw std::invalid_argument("row of " + std::to_string(n) + " elements is not a multiple of the " +
                                tr.name + " block size " + std::to_string(tr.block_elems));
  }
  return n / tr.block_elems * tr.block_bytes;
}

}  // namespace quant
