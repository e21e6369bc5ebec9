#include "kato/bit_parallel_lcs.hpp"

#include "kato/query.hpp"

namespace kato {

BitQuery make_bit_query(const Query& query) {
  BitQuery bq;
  bq.m = static_cast<std::uint32_t>(query.flat.size());
  bq.words = (bq.m + 63u) / 64u;
  bq.slot.assign(query.vocab_size, -1);
  for (std::uint32_t pos = 0; pos < bq.m; ++pos) {
    const SymbolId s = query.flat[pos];
    if (s >= query.vocab_size) continue;  // unknown to the KB: can never match
    if (bq.slot[s] < 0) {
      bq.slot[s] = static_cast<std::int32_t>(bq.rows++);
      bq.pm.resize(static_cast<std::size_t>(bq.rows) * bq.words, 0);
    }
    bq.pm[static_cast<std::size_t>(bq.slot[s]) * bq.words + pos / 64u] |= std::uint64_t{1} << (pos % 64u);
  }
  return bq;
}

}  // namespace kato
