#pragma once
// The shape of one attention call over a batch of sequences packed without padding
// ("varlen" layout, as FlashAttention's flash_attn_varlen_func):
//
//   Q: [total_q][q_heads][head_dim]    sequence b owns rows q_offsets[b] .. q_offsets[b+1]-1
//   K, V: [total_k][kv_heads][head_dim]  sequence b owns rows k_offsets[b] .. k_offsets[b+1]-1
//   O: [total_q][q_heads][head_dim]
//
// q_offsets/k_offsets are cumulative sequence lengths (size batch+1, starting at 0): a ragged
// batch is just unequal differences. Grouped-query attention: q_heads is a multiple of
// kv_heads, and query head h reads KV head h / (q_heads / kv_heads).
// O = softmax(scale * Q K^T + mask) V per sequence and head; see mask.hpp for the mask.
#include <cmath>
#include <cstddef>
#include <stdexcept>
#include <string>
#include <vector>

#include "attention/mask.hpp"

namespace attention {

struct Shape {
  int q_heads = 1;
  int kv_heads = 1;
  int head_dim = 64;
  std::vector<int> q_offsets{0};
  std::vector<int> k_offsets{0};
  Mask mask;
  float scale = 0.0f;  // 0: 1/sqrt(head_dim)

  int batch() const { return static_cast<int>(q_offsets.size()) - 1; }
  int q_len(int b) const { return q_offsets[b + 1] - q_offsets[b]; }
  int k_len(int b) const { return k_offsets[b + 1] - k_offsets[b]; }
  int total_q() const { return q_offsets.back(); }
  int total_k() const { return k_offsets.back(); }
  int group() const { return q_heads / kv_heads; }
  float softmax_scale() const { return scale != 0.0f ? scale : 1.0f / std::sqrt(static_cast<float>(head_dim)); }
  std::size_t q_elements() const { return static_cast<std::size_t>(total_q()) * q_heads * head_dim; }
  std::size_t kv_elements() const { return static_cast<std::size_t>(total_k()) * kv_heads * head_dim; }

  // Throws std::invalid_argument naming what is inconsistent.
  void validate() const;
  // Validates and checks the tensor sizes too.
  void validate(std::size_t q_size, std::size_t k_size, std::size_t v_size) const;
};

// Cumulative offsets from per-sequence lengths: {3, 1, 4} -> {0, 3, 4, 8}.
std::vector<int> offsets_from_lengths(const std::vector<int>& lengths);

// Self-attention over sequences of the given lengths (q_offsets == k_offsets).
Shape self_attention_shape(const std::vector<int>& lengths, int q_heads, int kv_heads, int head_dim, Mask mask = {});

// Work counts for benchmarks: 4 * sum_b(Lq_b * Lk_b) * q_heads * head_dim FLOPs (QK^T and PV,
// a multiply-add counted as 2), halved when causal (the visible triangle; a window or dilation
// is counted by the visible key count instead); bytes = Q, K, V read once and O written once.
double attention_flops(const Shape& shape);
double attention_bytes(const Shape& shape, int bytes_per_element);

}  // namespace attention
