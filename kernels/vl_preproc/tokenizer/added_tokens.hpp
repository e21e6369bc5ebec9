#pragma once
// Splits text on a set of added tokens, leftmost-longest first: at the leftmost position where
// any token matches, the longest one wins (the Aho-Corasick LeftmostLongest semantics of
// tokenizers' added vocabulary). A byte trie; a first-byte table skips positions cheaply.
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace vl::tokenizer {

class AddedTokenMatcher {
 public:
  void add(std::string_view content, std::int32_t id);
  bool empty() const { return nodes_.size() <= 1; }

  struct Segment {
    std::size_t begin = 0;
    std::size_t end = 0;
    std::int32_t id = -1;  // the added token's id, or -1 for plain text between tokens
  };
  // Segments tiling `text`, in order; plain segments are never empty.
  void split(std::string_view text, std::vector<Segment>& out) const;

 private:
  struct Node {
    std::vector<std::pair<unsigned char, std::uint32_t>> children;  // sorted by byte
    std::int32_t id = -1;
  };
  std::uint32_t child(std::uint32_t node, unsigned char b) const;
  std::vector<Node> nodes_{1};
  std::array<bool, 256> first_byte_{};
};

}  // namespace vl::tokenizer
