#pragma once
// A paged KV cache on the host (the layout in paged_kv.hpp): a pool of pages shared by all
// sequences, pages handed out in a shuffled order (as a long-running server's free list would)
// so a sequence's pages are not contiguous, and one block-table row per sequence.
#include <cstdint>
#include <span>
#include <vector>

#include "attention/paged_kv.hpp"

namespace attention {

class PagedKvCache {
 public:
  // Room for `max_tokens` tokens in each of `sequences` sequences. shuffle_seed = 0 hands
  // pages out in pool order; any other value, in a seeded random order.
  PagedKvCache(int sequences, int kv_heads, int head_dim, int page_size, int max_tokens,
               std::uint64_t shuffle_seed = 0);

  // Appends one token (kv_heads * head_dim values each of K and V) to sequence `seq`.
  void append(int seq, std::span<const float> k, std::span<const float> v);
  // Forgets tokens from `length` on (their pages stay with the sequence).
  void truncate(int seq, int length);

  int sequences() const { return static_cast<int>(lengths_.size()); }
  int length(int seq) const { return lengths_[static_cast<std::size_t>(seq)]; }
  const std::vector<int>& lengths() const { return lengths_; }
  const PagedLayout& layout() const { return layout_; }
  const std::vector<int>& block_table() const { return block_table_; }
  const std::vector<float>& k_pool() const { return k_pool_; }
  const std::vector<float>& v_pool() const { return v_pool_; }
  int pages_in_use() const { return next_free_; }

 private:
  PagedLayout layout_;
  std::vector<int> lengths_;
  std::vector<int> block_table_;  // [sequences][max_pages], -1 = no page yet
  std::vector<int> free_pages_;   // hand-out order
  int next_free_ = 0;
  std::vector<float> k_pool_, v_pool_;
};

}  // namespace attention
