#pragma once
// Llama decoder on the CPU (docs/quant_llm.md, "Forward pass"): RMSNorm, NORM (adjacent-pair)
// RoPE on Q and K as stored, grouped-query attention over an F16 KV cache, SwiGLU FFN, greedy
// generation. Every matvec goes through matvec_fused and is counted in the session's Dispatch.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "quant_llm/gguf.hpp"
#include "quant_llm/matvec.hpp"
#include "quant_llm/thread_pool.hpp"

namespace quant {

struct LlamaConfig {
  std::int64_t n_embd = 0, n_layer = 0, n_head = 0, n_head_kv = 0, n_ff = 0, n_vocab = 0, n_ctx = 0, n_rot = 0;
  std::int64_t head_dim() const { return n_embd / n_head; }
  float eps = 1e-5f;
  float freq_base = 10000.f;
};

struct LlamaLayer {
  const float* attn_norm = nullptr;
  const float* ffn_norm = nullptr;
  WeightView wq, wk, wv, wo, gate, up, down;
};

class LlamaModel {
 public:
  // Validates architecture, hyperparameters and every tensor's presence, type and shape; errors
  // name the file and the tensor or key.
  static LlamaModel load(GgufFile file);

  const LlamaConfig& config() const { return config_; }
  const GgufFile& file() const { return file_; }
  const std::vector<LlamaLayer>& layers() const { return layers_; }
  const WeightView& token_embd() const { return token_embd_; }
  const WeightView& output() const { return output_; }
  const float* output_norm() const { return output_norm_; }
  // Bytes of weights read per decoded token (every matvec weight, output and the norms).
  std::uint64_t streamed_bytes_per_token() const;

 private:
  GgufFile file_;
  LlamaConfig config_;
  std::vector<LlamaLayer> layers_;
  WeightView token_embd_, output_;
  const float* output_norm_ = nullptr;
};

// One decoding stream: KV cache, scratch buffers, a thread pool and the dispatch counts.
class LlamaSession {
 public:
  LlamaSession(const LlamaModel& model, std::int64_t max_tokens, unsigned threads);

  // Feeds `token` at the next position; returns the logits (n_vocab floats).
  const std::vector<float>& forward(int token);
  std::int64_t position() const { return pos_; }
  void reset() { pos_ = 0; }
  // Greedy: feeds the prompt, then n_gen argmax tokens; returns the generated tokens.
  std::vector<int> generate(const std::vector<int>& prompt, int n_gen);

  // The same computation without a cache: every position of `tokens` recomputed layer by layer
  // (K and V rounded to F16 as the cache stores them); returns the last position's logits.
  std::vector<float> forward_full(const std::vector<int>& tokens);

  Dispatch& dispatch() { return dispatch_; }

 private:
  void attention(std::int64_t layer, std::int64_t pos, const float* q, float* out);
  const LlamaModel& model_;
  std::int64_t max_tokens_;
  std::unique_ptr<ThreadPool> pool_;
  Dispatch dispatch_;
  std::int64_t pos_ = 0;
  std::vector<std::uint16_t> k_cache_, v_cache_;  // [layer][pos][n_head_kv * head_dim], F16
  std::vector<float> x_, xn_, q_, k_, v_, att_, gate_, up_, ffn_, logits_, scores_;
};

int argmax(const std::vector<float>& v);
void rmsnorm(const float* x, const float* w, float* y, std::int64_t n, float eps);
// NORM RoPE over the first n_rot dims of each of n_heads heads of size head_dim.
void rope_norm(float* x, std::int64_t n_heads, std::int64_t head_dim, std::int64_t n_rot, std::int64_t pos,
               float freq_base);

}  // namespace quant
