#pragma once
// Bit-parallel LCS (Allison-Dix / Hyyro): the query (state) is the bit side, one bit
// per state position, ceil(m/64) words; the pattern is walked symbol by symbol.
//   U = V & PM[c];  V = (V + U) | (V - U);  LCS = m - popcount(V restricted to m bits)
// Because U is a subset of V, V - U == V & ~U (no borrow), so only the addition carries
// across words. These functions are used unchanged by cpu_fast and by the CUDA kernel.
#include <cstddef>
#include <cstdint>

#include "kato/hd.hpp"

namespace kato {

// One 64-bit word of V' = (V + U) | (V & ~U) with U = V & pm. `carry` is the carry into
// this word on entry and the carry out of it on return (0 or 1).
KATO_HD inline std::uint64_t lcs_word_step(std::uint64_t v, std::uint64_t pm, std::uint64_t& carry) {
  const std::uint64_t u = v & pm;
  const std::uint64_t sum1 = v + u;
  const std::uint64_t c1 = sum1 < v ? 1u : 0u;
  const std::uint64_t sum = sum1 + carry;
  const std::uint64_t c2 = sum < sum1 ? 1u : 0u;
  carry = c1 | c2;
  return sum | (v & ~u);
}

// Bits of the last word that belong to the query (m symbols, `words` words).
KATO_HD inline std::uint64_t lcs_last_word_mask(std::uint32_t m, std::uint32_t words) {
  const std::uint32_t rest = m - (words - 1) * 64u;
  return rest == 64u ? ~std::uint64_t{0} : ((std::uint64_t{1} << rest) - 1u);
}

// LCS of `pattern` (length n) against the query described by `slot`/`pm`:
//   slot[symbol] = row of that symbol in pm, or -1 when the symbol is not in the query
//                  (such symbols cannot extend the LCS and are skipped);
//   pm[row * words + w] = match mask word w of that symbol;
//   v = scratch of `words` words, element w at v[w * stride] (stride lets the GPU keep
//       per-thread scratch coalesced; the CPU passes 1).
// `vocab` bounds slot[]: pattern symbols >= vocab are treated as absent.
KATO_HD inline std::uint32_t lcs_bit_parallel(const std::uint32_t* pattern, std::uint64_t n,
                                              const std::int32_t* slot, std::uint32_t vocab,
                                              const std::uint64_t* pm, std::uint32_t m,
                                              std::uint64_t* v, std::size_t stride) {
  if (m == 0 || n == 0) return 0;
  const std::uint32_t words = (m + 63u) / 64u;
  for (std::uint32_t w = 0; w < words; ++w) v[w * stride] = ~std::uint64_t{0};
  for (std::uint64_t i = 0; i < n; ++i) {
    const std::uint32_t c = pattern[i];
    if (c >= vocab) continue;
    const std::int32_t row = slot[c];
    if (row < 0) continue;
    const std::uint64_t* mask = pm + static_cast<std::size_t>(row) * words;
    std::uint64_t carry = 0;
    for (std::uint32_t w = 0; w < words; ++w) v[w * stride] = lcs_word_step(v[w * stride], mask[w], carry);
  }
  std::uint32_t ones = 0;
  for (std::uint32_t w = 0; w + 1 < words; ++w) ones += static_cast<std::uint32_t>(popcount64(v[w * stride]));
  ones += static_cast<std::uint32_t>(popcount64(v[(words - 1) * stride] & lcs_last_word_mask(m, words)));
  return m - ones;
}

}  // namespace kato

#include <vector>

namespace kato {

struct Query;

// Host-side match masks of a query for lcs_bit_parallel: slot[] is dense over the
// vocabulary the query was made with (symbols of the state get a row, others -1).
struct BitQuery {
  std::vector<std::int32_t> slot;
  std::vector<std::uint64_t> pm;  // rows x words
  std::uint32_t m = 0;            // state length
  std::uint32_t words = 0;
  std::uint32_t rows = 0;
};

BitQuery make_bit_query(const Query& query);

}  // namespace kato
