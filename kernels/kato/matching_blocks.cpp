#include "kato/matching_blocks.hpp"

#include <algorithm>
#include <tuple>

namespace kato {
namespace {

struct Range {
  std::uint32_t alo, ahi, blo, bhi;
};

// find_longest_match: rows of a in increasing i, columns of b in increasing j, a match
// replaces the best only when strictly longer, so ties keep the smallest i then j.
Block longest_match(std::span<const std::uint32_t> a, std::span<const std::uint32_t> b, const Range& r,
                    std::vector<std::uint32_t>& prev, std::vector<std::uint32_t>& cur) {
  Block best{r.alo, r.blo, 0};
  std::fill(prev.begin() + r.blo, prev.begin() + r.bhi + 1, 0u);
  for (std::uint32_t i = r.alo; i < r.ahi; ++i) {
    cur[r.blo] = 0;
    for (std::uint32_t j = r.blo; j < r.bhi; ++j) {
      // cur[j+1] = length of the common run ending at a[i], b[j]
      const std::uint32_t k = (a[i] == b[j]) ? prev[j] + 1 : 0;
      cur[j + 1] = k;
      if (k > best.n) best = Block{i + 1 - k, j + 1 - k, k};
    }
    std::swap(prev, cur);
  }
  return best;
}

}  // namespace

std::vector<Block> matching_blocks(std::span<const std::uint32_t> a, std::span<const std::uint32_t> b) {
  std::vector<Block> found;
  std::vector<std::uint32_t> prev(b.size() + 1, 0), cur(b.size() + 1, 0);
  // difflib uses an explicit queue; the visiting order does not matter because the
  // blocks are sorted afterwards.
  std::vector<Range> todo{{0, static_cast<std::uint32_t>(a.size()), 0, static_cast<std::uint32_t>(b.size())}};
  while (!todo.empty()) {
    const Range r = todo.back();
    todo.pop_back();
    const Block m = longest_match(a, b, r, prev, cur);
    if (m.n == 0) continue;
    found.push_back(m);
    if (r.alo < m.i && r.blo < m.j) todo.push_back({r.alo, m.i, r.blo, m.j});
    if (m.i + m.n < r.ahi && m.j + m.n < r.bhi) todo.push_back({m.i + m.n, r.ahi, m.j + m.n, r.bhi});
  }
  std::sort(found.begin(), found.end(),
            [](const Block& x, const Block& y) { return std::tie(x.i, x.j, x.n) < std::tie(y.i, y.j, y.n); });
  std::vector<Block> merged;
  for (const Block& blk : found) {
    if (!merged.empty() && merged.back().i + merged.back().n == blk.i && merged.back().j + merged.back().n == blk.j) {
      merged.back().n += blk.n;
    } else {
      merged.push_back(blk);
    }
  }
  return merged;
}

std::vector<Opcode> opcodes(const std::vector<Block>& blocks, std::uint32_t len_a, std::uint32_t len_b) {
  std::vector<Opcode> out;
  std::uint32_t i = 0, j = 0;
  auto visit = [&](std::uint32_t ai, std::uint32_t bj, std::uint32_t size) {
    OpTag tag{};
    bool emit = true;
    if (i < ai && j < bj) tag = OpTag::replace;
    else if (i < ai) tag = OpTag::del;
    else if (j < bj) tag = OpTag::insert;
    else emit = false;
    if (emit) out.push_back({tag, i, ai, j, bj});
    i = ai + size;
    j = bj + size;
    if (size) out.push_back({OpTag::equal, ai, i, bj, j});
  };
  for (const Block& blk : blocks) visit(blk.i, blk.j, blk.n);
  visit(len_a, len_b, 0);
  return out;
}

std::uint32_t block_total(const std::vector<Block>& blocks) {
  std::uint32_t t = 0;
  for (const Block& blk : blocks) t += blk.n;
  return t;
}

}  // namespace kato
