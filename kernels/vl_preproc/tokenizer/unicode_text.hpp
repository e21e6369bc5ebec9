#pragma once
// The Unicode facts the tokenizer needs, from Debian's ICU (libicu, Unicode 15.0 in ICU 72):
// NFC normalization and the character classes of the pre-tokenizer regex.
#include <string>
#include <string_view>

namespace vl::tokenizer {

// Character class of one code point as the pre-tokenizer regex sees it.
enum class CharClass : unsigned char {
  letter,   // \p{L}: general categories Lu Ll Lt Lm Lo
  number,   // \p{N}: Nd Nl No
  newline,  // \r or \n (also whitespace)
  space,    // \s other than \r \n: the White_Space property (Oniguruma's \s)
  other,
};

CharClass char_class(char32_t c);

// NFC of valid UTF-8 `s`. Returns false (out untouched) when `s` is already NFC.
bool nfc_if_needed(std::string_view s, std::string& out);

}  // namespace vl::tokenizer
