#pragma once
// UTF-8 validation, decoding and encoding (Unicode 15, table 3-7 well-formed sequences:
// no overlong forms, no surrogates, nothing above U+10FFFF).
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace vl::tokenizer {

// Offset of the first byte that does not start or continue a well-formed sequence, or nullopt.
std::optional<std::size_t> first_invalid_utf8(std::string_view s);

// Decodes the well-formed sequence at s[i] (the caller validated s); advances i.
inline char32_t decode_utf8_at(std::string_view s, std::size_t& i) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  if (b0 < 0x80) {
    ++i;
    return b0;
  }
  auto cont = [&](std::size_t k) { return static_cast<char32_t>(static_cast<unsigned char>(s[i + k]) & 0x3F); };
  char32_t c;
  if (b0 < 0xE0) {
    c = (static_cast<char32_t>(b0 & 0x1F) << 6) | cont(1);
    i += 2;
  } else if (b0 < 0xF0) {
    c = (static_cast<char32_t>(b0 & 0x0F) << 12) | (cont(1) << 6) | cont(2);
    i += 3;
  } else {
    c = (static_cast<char32_t>(b0 & 0x07) << 18) | (cont(1) << 12) | (cont(2) << 6) | cont(3);
    i += 4;
  }
  return c;
}

void append_utf8(std::string& out, char32_t c);

// Replaces each maximal ill-formed subpart with U+FFFD, as Python's errors="replace" and
// Rust's String::from_utf8_lossy do.
std::string utf8_lossy(std::string_view bytes);

}  // namespace vl::tokenizer
