#include "kato/pattern_name.hpp"

#include <array>
#include <cstdint>
#include <cstdio>

namespace kato {
namespace {

// Decode one UTF-8 code point at s[i]; invalid bytes decode as themselves (U+0080..FF
// would be wrong for Python, but Python could not have produced such a str anyway).
std::uint32_t decode_utf8(const std::string& s, std::size_t& i) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  auto cont = [&](std::size_t k) -> std::uint32_t {
    return i + k < s.size() ? (static_cast<unsigned char>(s[i + k]) & 0x3Fu) : 0u;
  };
  if (b0 < 0x80) { i += 1; return b0; }
  if ((b0 & 0xE0) == 0xC0) { std::uint32_t c = ((b0 & 0x1Fu) << 6) | cont(1); i += 2; return c; }
  if ((b0 & 0xF0) == 0xE0) { std::uint32_t c = ((b0 & 0x0Fu) << 12) | (cont(1) << 6) | cont(2); i += 3; return c; }
  if ((b0 & 0xF8) == 0xF0) {
    std::uint32_t c = ((b0 & 0x07u) << 18) | (cont(1) << 12) | (cont(2) << 6) | cont(3);
    i += 4;
    return c;
  }
  i += 1;
  return b0;
}

bool is_printable(std::uint32_t c) {
  if (c < 0x20 || c == 0x7F) return false;
  if (c < 0x7F) return true;
  if (c >= 0x80 && c <= 0xA0) return false;  // C1 controls and NO-BREAK SPACE (Zs)
  if (c == 0xAD || c == 0x1680) return false;
  if (c >= 0x2000 && c <= 0x200F) return false;
  if (c >= 0x2028 && c <= 0x202F) return false;
  if (c >= 0x205F && c <= 0x2064) return false;
  if (c == 0x3000 || c == 0xFEFF) return false;
  if (c >= 0xD800 && c <= 0xF8FF) return false;  // surrogates + BMP private use
  if (c >= 0xF0000) return false;                 // supplementary private use planes
  return true;
}

void append_hex(std::string& out, const char* fmt, std::uint32_t c) {
  char buf[16];
  std::snprintf(buf, sizeof buf, fmt, c);
  out += buf;
}

}  // namespace

std::string python_repr(const std::string& s) {
  const bool has_single = s.find('\'') != std::string::npos;
  const bool has_double = s.find('"') != std::string::npos;
  const char quote = (has_single && !has_double) ? '"' : '\'';
  std::string out(1, quote);
  std::size_t i = 0;
  while (i < s.size()) {
    const std::size_t start = i;
    const std::uint32_t c = decode_utf8(s, i);
    if (c == static_cast<std::uint32_t>(quote) || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c == '\t') {
      out += "\\t";
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (is_printable(c)) {
      out.append(s, start, i - start);
    } else if (c <= 0xFF) {
      append_hex(out, "\\x%02x", c);
    } else if (c <= 0xFFFF) {
      append_hex(out, "\\u%04x", c);
    } else {
      append_hex(out, "\\U%08x", c);
    }
  }
  out += quote;
  return out;
}

std::string python_repr(const Events& events) {
  std::string out = "[";
  for (std::size_t e = 0; e < events.size(); ++e) {
    if (e) out += ", ";
    out += '[';
    for (std::size_t k = 0; k < events[e].size(); ++k) {
      if (k) out += ", ";
      out += python_repr(events[e][k]);
    }
    out += ']';
  }
  out += ']';
  return out;
}

std::string sha1_hex(const std::string& bytes) {
  std::array<std::uint32_t, 5> h{0x67452301u, 0xEFCDAB89u, 0x98BADCFEu, 0x10325476u, 0xC3D2E1F0u};
  std::string msg = bytes;
  const std::uint64_t bit_len = static_cast<std::uint64_t>(bytes.size()) * 8u;
  msg += static_cast<char>(0x80);
  while (msg.size() % 64 != 56) msg += '\0';
  for (int k = 7; k >= 0; --k) msg += static_cast<char>((bit_len >> (8 * k)) & 0xFFu);
  auto rotl = [](std::uint32_t x, int n) { return (x << n) | (x >> (32 - n)); };
  for (std::size_t off = 0; off < msg.size(); off += 64) {
    std::uint32_t w[80];
    for (int t = 0; t < 16; ++t) {
      w[t] = 0;
      for (int k = 0; k < 4; ++k) w[t] = (w[t] << 8) | static_cast<unsigned char>(msg[off + 4 * t + k]);
    }
    for (int t = 16; t < 80; ++t) w[t] = rotl(w[t - 3] ^ w[t - 8] ^ w[t - 14] ^ w[t - 16], 1);
    std::uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4];
    for (int t = 0; t < 80; ++t) {
      std::uint32_t f, k;
      if (t < 20) { f = (b & c) | (~b & d); k = 0x5A827999u; }
      else if (t < 40) { f = b ^ c ^ d; k = 0x6ED9EBA1u; }
      else if (t < 60) { f = (b & c) | (b & d) | (c & d); k = 0x8F1BBCDCu; }
      else { f = b ^ c ^ d; k = 0xCA62C1D6u; }
      const std::uint32_t tmp = rotl(a, 5) + f + e + k + w[t];
      e = d; d = c; c = rotl(b, 30); b = a; a = tmp;
    }
    h[0] += a; h[1] += b; h[2] += c; h[3] += d; h[4] += e;
  }
  std::string out;
  for (std::uint32_t x : h) append_hex(out, "%08x", x);
  return out;
}

std::string pattern_name(const Events& events) { return sha1_hex(python_repr(events)); }

}  // namespace kato
