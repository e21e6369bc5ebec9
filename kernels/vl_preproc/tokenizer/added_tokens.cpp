#include "vl_preproc/tokenizer/added_tokens.hpp"

#include <algorithm>

namespace vl::tokenizer {

std::uint32_t AddedTokenMatcher::child(std::uint32_t node, unsigned char b) const {
  const auto& ch = nodes_[node].children;
  const auto it = std::lower_bound(ch.begin(), ch.end(), b, [](const auto& e, unsigned char v) { return e.first < v; });
  return (it != ch.end() && it->first == b) ? it->second : 0;
}

void AddedTokenMatcher::add(std::string_view content, std::int32_t id) {
  if (content.empty()) return;
  std::uint32_t node = 0;
  for (const char ch : content) {
    const auto b = static_cast<unsigned char>(ch);
    std::uint32_t next = child(node, b);
    if (next == 0) {
      next = static_cast<std::uint32_t>(nodes_.size());
      nodes_.emplace_back();
      auto& ch_list = nodes_[node].children;
      ch_list.insert(std::lower_bound(ch_list.begin(), ch_list.end(), b, [](const auto& e, unsigned char v) { return e.first < v; }),
                     {b, next});
    }
    node = next;
  }
  // The first entry with a given content wins, as in tokenizers' added vocabulary.
  if (nodes_[node].id < 0) nodes_[node].id = id;
  first_byte_[static_cast<unsigned char>(content[0])] = true;
}

void AddedTokenMatcher::split(std::string_view text, std::vector<Segment>& out) const {
  std::size_t plain_begin = 0;
  std::size_t i = 0;
  const std::size_t n = text.size();
  while (i < n) {
    if (!first_byte_[static_cast<unsigned char>(text[i])]) {
      ++i;
      continue;
    }
    std::uint32_t node = 0;
    std::size_t best_end = 0;
    std::int32_t best_id = -1;
    for (std::size_t j = i; j < n; ++j) {
      node = child(node, static_cast<unsigned char>(text[j]));
      if (node == 0) break;
      if (nodes_[node].id >= 0) {
        best_end = j + 1;
        best_id = nodes_[node].id;
      }
    }
    if (best_id < 0) {
      ++i;
      continue;
    }
    if (plain_begin < i) out.push_back({plain_begin, i, -1});
    out.push_back({i, best_end, best_id});
    i = best_end;
    plain_begin = i;
  }
  if (plain_begin < n) out.push_back({plain_begin, n, -1});
}

}  // namespace vl::tokenizer
