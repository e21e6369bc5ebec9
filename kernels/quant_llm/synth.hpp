#pragma once
// Synthetic Llama GGUF models: seeded random weights quantized with the
// reference quantizers, the llama.cpp key set and tensor names, a full tokenizer section and
// the real per-tensor type mixes (Q4_K_M promotes attn_v/ffn_down to Q6_K by use_more_bits).
//   tiny       n_embd 256, 2 layers, 4 heads, 2 KV heads, FFN 512, vocab 512 (CI sized)
//   tinyllama  TinyLlama-1.1B shapes: 2048, 22 layers, 32 heads, 4 KV heads, FFN 5632, vocab 32000
#include <cstdint>
#include <string>
#include <vector>

#include "quant_llm/ggml_type.hpp"
#include "quant_llm/gguf.hpp"

namespace quant {

struct SynthPreset {
  std::string name;
  std::int64_t n_embd, n_layer, n_head, n_head_kv, n_ff, n_vocab, n_ctx;
};
SynthPreset synth_preset(const std::string& name);  // throws std::invalid_argument

struct PlannedTensor {
  std::string name;
  GgmlType type;
  std::vector<std::int64_t> ne;
  std::uint64_t bytes() const;
};
// The tensor list of a model: names, shapes and the type mix ("q4_k_m", "q4_0", "q8_0", "f16").
std::vector<PlannedTensor> synth_plan(const SynthPreset& preset, const std::string& mix);
// llama_ftype value written as general.file_type.
std::uint32_t synth_file_type(const std::string& mix);
bool use_more_bits(std::int64_t i, std::int64_t n);

struct SynthOptions {
  std::string preset = "tiny";
  std::string mix = "q4_k_m";
  std::uint64_t seed = 1;
  unsigned threads = 1;
};
// The whole model, ready to write (or to_bytes() for an in-memory GgufFile). Bitwise
// deterministic in the seed, whatever the thread count.
GgufWriter synth_llama(const SynthOptions& options);

}  // namespace quant
