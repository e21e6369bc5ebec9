#pragma once
// Attention masks as parameters of one kernel: causal, sliding window (left window w) and
// dilated (every d-th key inside the window, LongNet-style).
//
// Positions are in key coordinates. Query row i of a sequence with Lq queries and Lk keys sits
// at key position i + (Lk - Lq) ("bottom-right" alignment, as FlashAttention 2.1+ and PyTorch's
// causal_lower_right): a prefill (Lq == Lk) is the usual lower triangle, and a decode step
// (Lq == 1) sees the whole cache.
//
//   causal:   key k is visible to query position q when k <= q
//   window w: additionally q - k < w          (w keys including the query's own; 0 = unlimited)
//   dilation: additionally (q - k) % d == 0   (d = 1: no dilation)
//
// window > 0 or dilation > 1 imply causal. A row with no visible key (possible only when
// Lq > Lk) produces zeros.
#include "attention/hd.hpp"

namespace attention {

struct Mask {
  bool causal = false;
  int window = 0;    // 0: unlimited
  int dilation = 1;  // 1: every key

  ATTN_HD bool restricted() const { return causal || window > 0 || dilation > 1; }
};

// Whether query position q (key coordinates) may attend to key position k.
ATTN_HD inline bool mask_allows(const Mask& m, int q, int k) {
  if (!m.restricted()) return true;
  const int distance = q - k;
  if (distance < 0) return false;
  if (m.window > 0 && distance >= m.window) return false;
  if (m.dilation > 1 && distance % m.dilation != 0) return false;
  return true;
}

// The half-open key range [*begin, *end) that can hold visible keys for query position q over
// a sequence of `keys` keys: tiles outside it are skipped entirely.
ATTN_HD inline void mask_key_range(const Mask& m, int q, int keys, int* begin, int* end) {
  int lo = 0, hi = keys;
  if (m.restricted()) {
    hi = q + 1 < keys ? q + 1 : keys;
    if (m.window > 0 && q - m.window + 1 > lo) lo = q - m.window + 1;
  }
  if (hi < 0) hi = 0;
  if (lo > hi) lo = hi;
  *begin = lo;
  *end = hi;
}

// Key position of query row i in a sequence of q_len queries over k_len keys.
ATTN_HD inline int query_position(int i, int q_len, int k_len) { return i + (k_len - q_len); }

}  // namespace attention
