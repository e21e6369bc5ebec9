#pragma once
// Llama decoding on CUDA: every weight uploaded once, the per-token forward pass (embedding
// row dequantization, RMSNorm, fused matvecs, NORM RoPE, F16 KV cache, GQA attention, SwiGLU)
// as kernels on one stream, optionally replayed as a captured CUDA graph per token (token id and
// position live in device memory, so one graph serves every step).
// Status: compiled for sm_90 but NOT yet run on a GPU. Built only with CRUCIBLE_HAVE_CUDA;
// otherwise the constructor throws.
#include <cstdint>
#include <memory>
#include <vector>

#include "quant_llm/llama.hpp"

namespace quant::cuda {

class LlamaCuda {
 public:
  LlamaCuda(const LlamaModel& model, std::int64_t max_tokens);
  ~LlamaCuda();
  LlamaCuda(const LlamaCuda&) = delete;
  LlamaCuda& operator=(const LlamaCuda&) = delete;

  // Feeds `token` at the next position on `stream` (nullptr = default); returns the logits.
  const std::vector<float>& forward(int token, void* stream, bool use_graph);
  std::vector<int> generate(const std::vector<int>& prompt, int n_gen, void* stream, bool use_graph);
  void reset();
  std::int64_t position() const;
  Dispatch& dispatch();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace quant::cuda
