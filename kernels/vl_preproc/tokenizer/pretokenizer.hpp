#pragma once
// The pre-tokenizer regex of Qwen2 (and, with runs of up to three digits, of cl100k/Llama 3),
// as a hand-written scanner with the regex's semantics: alternatives tried in order, greedy
// with backtracking, every match its own piece ("Isolated"). The pattern, verbatim:
//   (?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*
//   |\s*[\r\n]+|\s+(?!\S)|\s+
// The alternatives cover every code point, so the pieces tile the text.
#include <cstddef>
#include <string_view>
#include <utility>
#include <vector>

namespace vl::tokenizer {

inline constexpr std::string_view kQwen2Pattern =
    R"((?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+)";
inline constexpr std::string_view kCl100kPattern =
    R"((?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+)";

struct PreTokenizerConfig {
  int max_digits = 1;  // \p{N} (Qwen2) or \p{N}{1,3} (cl100k)
};

// Byte ranges [begin, end) of the pieces of valid UTF-8 `text`, in order, appended to `out`.
void pre_tokenize(std::string_view text, const PreTokenizerConfig& config, std::vector<std::pair<std::size_t, std::size_t>>& out);

}  // namespace vl::tokenizer
