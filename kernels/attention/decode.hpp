#pragma once
// Decode: one new query token per sequence against its paged KV cache, split along the KV
// length and merged (flash-decoding). Each (sequence, query head, split) computes a partial
// output normalized over its key range plus that range's log-sum-exp; the partials are then
// merged in split order (online_softmax.hpp). The query sits at the last cached position, so
// masks apply as in a prefill's last row.
#include <span>
#include <vector>

#include "attention/mask.hpp"
#include "attention/paged_cache.hpp"
#include "attention/vector_ops.hpp"

namespace attention {

struct DecodeOptions {
  int q_heads = 1;     // a multiple of the cache's kv_heads
  Mask mask;           // causal is implied by decoding; window and dilation apply
  float scale = 0.0f;  // 0: 1/sqrt(head_dim)
  int splits = 0;      // 0: per sequence, decode_splits_for(its length)
  unsigned threads = 1;
};

// q: [sequences][q_heads][head_dim]. Returns O in the same layout.
std::vector<float> decode_paged(const PagedKvCache& cache, std::span<const float> q, const DecodeOptions& options);
std::vector<float> decode_paged(const PagedKvCache& cache, std::span<const float> q, const DecodeOptions& options,
                                const VectorOps& ops);

}  // namespace attention
