#include "vl_preproc/tokenizer/pretokenizer.hpp"

#include <cstdint>

#include "vl_preproc/tokenizer/unicode_text.hpp"
#include "vl_preproc/tokenizer/utf8.hpp"

namespace vl::tokenizer {
namespace {

struct CodePoints {
  std::vector<char32_t> cp;
  std::vector<CharClass> cls;
  std::vector<std::size_t> offset;  // byte offset of each code point; one extra at the end
};

bool is_space(CharClass c) { return c == CharClass::space || c == CharClass::newline; }

// (?i:s) also matches U+017F LATIN SMALL LETTER LONG S, which case-folds to 's'.
bool folds_to(char32_t c, char lower) {
  if (c == static_cast<char32_t>(lower) || c == static_cast<char32_t>(lower - 'a' + 'A')) return true;
  return lower == 's' && c == 0x17F;
}

// Length in code points of the contraction alternative at i, or 0.
std::size_t contraction(const CodePoints& t, std::size_t i, std::size_t n) {
  if (t.cp[i] != U'\'' || i + 1 >= n) return 0;
  const char32_t a = t.cp[i + 1];
  if (folds_to(a, 's') || folds_to(a, 't') || folds_to(a, 'm') || folds_to(a, 'd')) return 2;
  if (i + 2 < n) {
    const char32_t b = t.cp[i + 2];
    if ((folds_to(a, 'r') || folds_to(a, 'v')) && folds_to(b, 'e')) return 3;
    if (folds_to(a, 'l') && folds_to(b, 'l')) return 3;
  }
  return 0;
}

// End (code point index) of the piece that starts at i.
std::size_t match_at(const CodePoints& t, std::size_t i, std::size_t n, int max_digits) {
  if (const std::size_t len = contraction(t, i, n)) return i + len;
  const CharClass c0 = t.cls[i];
  // [^\r\n\p{L}\p{N}]?\p{L}+
  {
    std::size_t j = i;
    if (c0 != CharClass::letter && c0 != CharClass::number && c0 != CharClass::newline) ++j;
    if (j < n && t.cls[j] == CharClass::letter) {
      while (j < n && t.cls[j] == CharClass::letter) ++j;
      return j;
    }
    if (c0 == CharClass::letter) {
      j = i;
      while (j < n && t.cls[j] == CharClass::letter) ++j;
      return j;
    }
  }
  // \p{N} or \p{N}{1,3}
  if (c0 == CharClass::number) {
    std::size_t j = i + 1;
    while (j < n && static_cast<int>(j - i) < max_digits && t.cls[j] == CharClass::number) ++j;
    return j;
  }
  //  ?[^\s\p{L}\p{N}]+[\r\n]*
  {
    std::size_t j = i;
    if (t.cp[j] == U' ' && j + 1 < n && t.cls[j + 1] == CharClass::other) ++j;
    if (t.cls[j] == CharClass::other) {
      while (j < n && t.cls[j] == CharClass::other) ++j;
      while (j < n && t.cls[j] == CharClass::newline) ++j;
      return j;
    }
  }
  // What is left starts with whitespace.
  std::size_t run_end = i;
  std::size_t last_newline = n;  // none
  while (run_end < n && is_space(t.cls[run_end])) {
    if (t.cls[run_end] == CharClass::newline) last_newline = run_end;
    ++run_end;
  }
  // \s*[\r\n]+ backtracks to end just after the run's last newline.
  if (last_newline != n) return last_newline + 1;
  // \s+(?!\S) gives back the last whitespace when a non-space follows; else \s+.
  if (run_end == n || run_end - i < 2) return run_end;
  return run_end - 1;
}

}  // namespace

void pre_tokenize(std::string_view text, const PreTokenizerConfig& config, std::vector<std::pair<std::size_t, std::size_t>>& out) {
  thread_local CodePoints t;
  t.cp.clear();
  t.cls.clear();
  t.offset.clear();
  std::size_t i = 0;
  while (i < text.size()) {
    t.offset.push_back(i);
    const char32_t c = decode_utf8_at(text, i);
    t.cp.push_back(c);
    t.cls.push_back(char_class(c));
  }
  t.offset.push_back(text.size());
  const std::size_t n = t.cp.size();
  std::size_t k = 0;
  while (k < n) {
    const std::size_t end = match_at(t, k, n, config.max_digits);
    out.emplace_back(t.offset[k], t.offset[end]);
    k = end;
  }
}

}  // namespace vl::tokenizer
