#pragma once
// GPT-2's bytes_to_unicode map, used by byte-level BPE vocabularies: bytes 0x21-0x7E,
// 0xA1-0xAC and 0xAE-0xFF stand for themselves; the other 68 bytes, in increasing order,
// become U+0100 ... U+0143 (space 0x20 is U+0120 'Ġ', '\n' is U+010A 'Ċ').
#include <optional>
#include <string>
#include <string_view>

namespace vl::tokenizer {

char32_t byte_to_unicode(unsigned char b);
// The byte a mapped character stands for; nullopt for a character outside the 256.
std::optional<unsigned char> unicode_to_byte(char32_t c);

// A vocabulary token's raw bytes: every character mapped back when all of them are in the
// map, else the token's own UTF-8 bytes (what the ByteLevel decoder of tokenizers does).
std::string token_to_bytes(std::string_view token_utf8);

// The mapped form of raw bytes (what a vocabulary stores).
std::string bytes_to_token(std::string_view bytes);

}  // namespace vl::tokenizer
