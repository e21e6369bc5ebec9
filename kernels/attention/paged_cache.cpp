#include "attention/paged_cache.hpp"

#include <numeric>
#include <stdexcept>
#include <string>
#include <utility>

namespace attention {

PagedKvCache::PagedKvCache(int sequences, int kv_heads, int head_dim, int page_size, int max_tokens,
                           std::uint64_t shuffle_seed) {
  if (sequences < 1 || kv_heads < 1 || head_dim < 1 || page_size < 1 || max_tokens < 1) {
    throw std::invalid_argument("PagedKvCache: sequences, kv_heads, head_dim, page_size and max_tokens must be positive");
  }
  layout_ = PagedLayout{page_size, kv_heads, head_dim, pages_for(max_tokens, page_size)};
  lengths_.assign(static_cast<std::size_t>(sequences), 0);
  const int pages = sequences * layout_.max_pages;
  block_table_.assign(static_cast<std::size_t>(pages), -1);
  free_pages_.resize(static_cast<std::size_t>(pages));
  std::iota(free_pages_.begin(), free_pages_.end(), 0);
  if (shuffle_seed != 0) {
    std::uint64_t x = shuffle_seed;
    for (int i = pages - 1; i > 0; --i) {  // Fisher-Yates with splitmix64
      x += 0x9e3779b97f4a7c15ULL;
      std::uint64_t z = x;
      z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
      z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
      z ^= z >> 31;
      std::swap(free_pages_[static_cast<std::size_t>(i)], free_pages_[z % static_cast<std::uint64_t>(i + 1)]);
    }
  }
  const std::size_t elements = static_cast<std::size_t>(pages) * page_size * kv_heads * head_dim;
  k_pool_.assign(elements, 0.0f);
  v_pool_.assign(elements, 0.0f);
}

void PagedKvCache::append(int seq, std::span<const float> k, std::span<const float> v) {
  if (seq < 0 || seq >= sequences()) throw std::out_of_range("PagedKvCache::append: no sequence " + std::to_string(seq));
  const std::size_t width = static_cast<std::size_t>(layout_.kv_heads) * layout_.head_dim;
  if (k.size() != width || v.size() != width) {
    throw std::invalid_argument("PagedKvCache::append: a token is kv_heads * head_dim = " + std::to_string(width) +
                                " values of K and of V");
  }
  int& len = lengths_[static_cast<std::size_t>(seq)];
  const int logical = len / layout_.page_size;
  if (logical >= layout_.max_pages) {
    throw std::length_error("PagedKvCache::append: sequence " + std::to_string(seq) + " is full (" +
                            std::to_string(len) + " tokens)");
  }
  int& page = block_table_[static_cast<std::size_t>(seq) * layout_.max_pages + logical];
  if (page < 0) page = free_pages_[static_cast<std::size_t>(next_free_++)];
  const auto at = static_cast<std::size_t>(paged_offset(block_table_.data(), layout_, seq, len, 0));
  std::copy(k.begin(), k.end(), k_pool_.begin() + static_cast<std::ptrdiff_t>(at));
  std::copy(v.begin(), v.end(), v_pool_.begin() + static_cast<std::ptrdiff_t>(at));
  ++len;
}

void PagedKvCache::truncate(int seq, int length) {
  if (seq < 0 || seq >= sequences() || length < 0 || length > this->length(seq)) {
    throw std::out_of_range("PagedKvCache::truncate: bad sequence or length");
  }
  lengths_[static_cast<std::size_t>(seq)] = length;
}

}  // namespace attention
