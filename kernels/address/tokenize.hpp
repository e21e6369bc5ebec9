#pragma once
// Byte-level normalisation and tokenisation. ASCII letters fold to lower case; bytes >= 0x80
// (UTF-8) count as letters. Whitespace, ',', ';' and the other separators end a token and are
// remembered as the next token's `sep`: the comma is the strongest segment cue in Indian
// addresses.
#include <cstdint>

#include "address/hashing.hpp"
#include "address/hd.hpp"

namespace address {

inline constexpr int kMaxTokens = 64;
inline constexpr int kMaxBytes = 1024;

enum Sep : std::uint8_t { kSepNone = 0, kSepSpace, kSepComma, kSepOther };

struct Token {
  std::uint16_t begin;
  std::uint16_t end;
  std::uint8_t sep;  // strongest separator before the token (comma > other > space)
};

ADDR_HD inline int byte_class(std::uint8_t c) {  // 0 token byte, else a Sep
  if (c == ' ' || c == '\t' || c == '\r' || c == '\n') return kSepSpace;
  if (c == ',' || c == ';') return kSepComma;
  if (c == '/' || c == '-' || c == '#' || c == '(' || c == ')' || c == '.' || c == ':' || c == '&' || c == '\'' ||
      c == '"' || c == '[' || c == ']' || c == '{' || c == '}' || c == '!' || c == '?' || c == '_' || c == '+' ||
      c == '*' || c == '|' || c == '\\' || c == '=' || c == '<' || c == '>' || c == '@' || c == '$' || c == '%' ||
      c == '^' || c == '`' || c == '~')
    return kSepOther;
  if (c < 0x20 || c == 0x7f) return kSepSpace;
  return 0;
}

// Splits text[0, n) into at most kMaxTokens tokens; returns the count, sets *truncated when
// more tokens followed.
ADDR_HD inline int tokenize(const char* text, int n, Token* tokens, bool* truncated) {
  int count = 0;
  std::uint8_t sep = kSepNone;
  int i = 0;
  *truncated = false;
  while (i < n) {
    const int cls = byte_class(static_cast<std::uint8_t>(text[i]));
    if (cls != 0) {
      if (count > 0 && cls > sep) sep = static_cast<std::uint8_t>(cls);
      ++i;
      continue;
    }
    const int b = i;
    while (i < n && byte_class(static_cast<std::uint8_t>(text[i])) == 0) ++i;
    if (count == kMaxTokens) {
      *truncated = true;
      break;
    }
    tokens[count].begin = static_cast<std::uint16_t>(b);
    tokens[count].end = static_cast<std::uint16_t>(i);
    tokens[count].sep = count == 0 ? static_cast<std::uint8_t>(kSepNone) : sep;
    ++count;
    sep = kSepSpace;
  }
  return count;
}

// Strict UTF-8 check (no overlongs, no surrogates, at most U+10FFFF).
ADDR_HD inline bool valid_utf8(const char* s, int n) {
  int i = 0;
  while (i < n) {
    const std::uint8_t c = static_cast<std::uint8_t>(s[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    int len = 0;
    std::uint32_t cp = 0;
    if (c >= 0xc2 && c <= 0xdf) len = 2, cp = c & 0x1f;
    else if (c >= 0xe0 && c <= 0xef) len = 3, cp = c & 0x0f;
    else if (c >= 0xf0 && c <= 0xf4) len = 4, cp = c & 0x07;
    else return false;
    if (i + len > n) return false;
    for (int k = 1; k < len; ++k) {
      const std::uint8_t d = static_cast<std::uint8_t>(s[i + k]);
      if ((d & 0xc0) != 0x80) return false;
      cp = (cp << 6) | (d & 0x3f);
    }
    if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10ffff)) || (cp >= 0xd800 && cp <= 0xdfff))
      return false;
    i += len;
  }
  return true;
}

// Hash of tokens [first, first + count) joined by single spaces, case-folded.
ADDR_HD inline std::uint64_t ngram_hash(const char* text, const Token* tokens, int first, int count) {
  std::uint64_t h = kFnvOffset;
  for (int k = 0; k < count; ++k) {
    if (k) h = fnv_byte(h, ' ');
    const Token& t = tokens[first + k];
    h = fnv_bytes(h, text + t.begin, t.end - t.begin);
  }
  return h;
}

}  // namespace address
