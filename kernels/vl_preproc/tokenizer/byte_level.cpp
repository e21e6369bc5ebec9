#include "vl_preproc/tokenizer/byte_level.hpp"

#include <array>

#include "vl_preproc/tokenizer/utf8.hpp"

namespace vl::tokenizer {
namespace {

struct ByteMap {
  std::array<char32_t, 256> to_unicode{};
  std::array<short, 0x144> to_byte{};  // index: code point < U+0144; -1 where unmapped
};

const ByteMap& byte_map() {
  static const ByteMap m = [] {
    ByteMap t;
    t.to_byte.fill(-1);
    char32_t next = 0x100;
    for (int b = 0; b < 256; ++b) {
      const bool self = (b >= 0x21 && b <= 0x7E) || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
      const char32_t c = self ? static_cast<char32_t>(b) : next++;
      t.to_unicode[static_cast<std::size_t>(b)] = c;
      t.to_byte[c] = static_cast<short>(b);
    }
    return t;
  }();
  return m;
}

}  // namespace

char32_t byte_to_unicode(unsigned char b) { return byte_map().to_unicode[b]; }

std::optional<unsigned char> unicode_to_byte(char32_t c) {
  if (c >= 0x144) return std::nullopt;
  const short b = byte_map().to_byte[c];
  if (b < 0) return std::nullopt;
  return static_cast<unsigned char>(b);
}

std::string token_to_bytes(std::string_view token_utf8) {
  std::string out;
  out.reserve(token_utf8.size());
  std::size_t i = 0;
  while (i < token_utf8.size()) {
    const auto b = unicode_to_byte(decode_utf8_at(token_utf8, i));
    if (!b) return std::string(token_utf8);
    out.push_back(static_cast<char>(*b));
  }
  return out;
}

std::string bytes_to_token(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size() * 2);
  for (const char ch : bytes) append_utf8(out, byte_to_unicode(static_cast<unsigned char>(ch)));
  return out;
}

}  // namespace vl::tokenizer
