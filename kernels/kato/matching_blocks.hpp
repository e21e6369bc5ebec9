#pragma once
// Port of difflib.SequenceMatcher(None, a, b, autojunk=False) as vendored by KATO
// (a = pattern, b = state): Ratcliff/Obershelp matching blocks and opcodes. With no
// junk and no autojunk the junk-extension loops of find_longest_match are no-ops, so
// the longest common substring with the smallest i, then the smallest j, is taken.
// Note the block total can be smaller than the LCS; KATO uses both values.
#include <cstdint>
#include <span>
#include <vector>

namespace kato {

struct Block {
  std::uint32_t i, j, n;  // a[i:i+n] == b[j:j+n]
  bool operator==(const Block&) const = default;
};

// get_matching_blocks() without the final sentinel (len(a), len(b), 0).
std::vector<Block> matching_blocks(std::span<const std::uint32_t> a, std::span<const std::uint32_t> b);

enum class OpTag : std::uint8_t { equal, replace, del, insert };
struct Opcode {
  OpTag tag;
  std::uint32_t i1, i2, j1, j2;
};

// get_opcodes() over the given blocks (sentinel implied).
std::vector<Opcode> opcodes(const std::vector<Block>& blocks, std::uint32_t len_a, std::uint32_t len_b);

// Sum of block lengths (what ratio() counts as matches).
std::uint32_t block_total(const std::vector<Block>& blocks);

}  // namespace kato
