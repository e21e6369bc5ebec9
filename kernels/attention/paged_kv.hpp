#pragma once
// Paged KV cache addressing, as serving engines lay it out (vLLM's PagedAttention): a pool of
// fixed-size pages, each [page_size tokens][kv_heads][head_dim], and per sequence a block table
// row mapping its logical page p to a physical page. Token t of sequence s lives in physical
// page block_table[s * max_pages + t / page_size] at slot t % page_size.
#include <cstdint>

#include "attention/hd.hpp"

namespace attention {

struct PagedLayout {
  int page_size = 16;
  int kv_heads = 1;
  int head_dim = 64;
  int max_pages = 0;  // block-table row length (pages per sequence at most)
};

// Element offset (into the K or V page pool) of token `token`, KV head `kv_head`, dim 0.
ATTN_HD inline std::int64_t paged_offset(const int* block_table, const PagedLayout& layout, int seq, int token,
                                         int kv_head) {
  const int page = block_table[static_cast<std::int64_t>(seq) * layout.max_pages + token / layout.page_size];
  const std::int64_t slot = static_cast<std::int64_t>(page) * layout.page_size + token % layout.page_size;
  return (slot * layout.kv_heads + kv_head) * layout.head_dim;
}

// Pages needed for `tokens` tokens.
ATTN_HD inline int pages_for(int tokens, int page_size) { return (tokens + page_size - 1) / page_size; }

// Split-KV partition (flash-decoding): split s of n covers keys [*begin, *end) of `keys`, the
// splits contiguous, in order, sizes differing by at most one, every key in exactly one split.
ATTN_HD inline void split_range(int keys, int splits, int s, int* begin, int* end) {
  const std::int64_t k = keys;
  *begin = static_cast<int>(k * s / splits);
  *end = static_cast<int>(k * (s + 1) / splits);
}

// Splits for a decode over `keys` keys when none are asked for: one per 512 keys, 1 to 16.
// Chosen per sequence from its own length (never from the batch or the thread count), so a
// sequence's output does not depend on its neighbours.
ATTN_HD inline int decode_splits_for(int keys) {
  const int s = keys / 512;
  return s < 1 ? 1 : (s > 16 ? 16 : s);
}

}  // namespace attention
