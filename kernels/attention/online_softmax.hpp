#pragma once
// Online softmax (Milakov & Gimelshein 2018; FlashAttention): a row's running maximum m and
// running sum l of exp(s - m), updated one tile of scores at a time, plus the merge of
// partial results computed over disjoint key ranges (split-KV / flash-decoding).
//
// Usage for one row over tiles of keys:
//   RowState st;                                  // m = -inf, l = 0, acc = 0
//   alpha = online_rescale(st, tile_max);         // acc *= alpha
//   p_j   = online_weight(st, s_j); st.l += p_j;  // acc += p_j * v_j
//   out   = acc * online_finish(st)               // 1 / l, or 0 for a fully masked row
#include <cmath>

#include "attention/hd.hpp"

namespace attention {

struct RowState {
  float m = -INFINITY;
  float l = 0.0f;
};

// Raises the running max to include tile_max; returns the factor the accumulator (and, done
// here, the running sum) must be multiplied by. A tile with no visible key has tile_max = -inf
// and changes nothing (factor 1).
ATTN_HD inline float online_rescale(RowState& st, float tile_max) {
  const float m_new = fmaxf(st.m, tile_max);
  if (m_new == -INFINITY) return 1.0f;
  const float alpha = st.m == -INFINITY ? 0.0f : expf(st.m - m_new);
  st.l *= alpha;
  st.m = m_new;
  return alpha;
}

// Unnormalized weight of a score after online_rescale covered it.
ATTN_HD inline float online_weight(const RowState& st, float score) { return expf(score - st.m); }

// The factor that normalizes the accumulator: 1/l, or 0 when the row saw no key.
ATTN_HD inline float online_finish(const RowState& st) { return st.l > 0.0f ? 1.0f / st.l : 0.0f; }

// Log-sum-exp of the row's scores (-inf when it saw no key): what a partial result carries.
ATTN_HD inline float online_lse(const RowState& st) { return st.l > 0.0f ? st.m + logf(st.l) : -INFINITY; }

// Merging partials (o_i normalized within its key range, lse_i its log-sum-exp):
//   lse = max_i lse_i + log(sum_i exp(lse_i - max)),  o = sum_i o_i * exp(lse_i - lse).
// merge_max folds one partial's lse into the running maximum; merge_weight gives exp(lse_i -
// max) (0 for an empty partial); the caller divides the weighted sum by the sum of weights.
ATTN_HD inline float merge_max(float running, float lse) { return fmaxf(running, lse); }
ATTN_HD inline float merge_weight(float lse, float max_lse) {
  return lse == -INFINITY ? 0.0f : expf(lse - max_lse);
}

}  // namespace attention
