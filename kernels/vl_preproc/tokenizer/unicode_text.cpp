#include "vl_preproc/tokenizer/unicode_text.hpp"

#include <unicode/bytestream.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>

#include <array>

#include "vl_preproc/tokenizer/tokenizer_error.hpp"

namespace vl::tokenizer {
namespace {

CharClass icu_class(char32_t c) {
  const auto cp = static_cast<UChar32>(c);
  if (c == U'\r' || c == U'\n') return CharClass::newline;
  switch (u_charType(cp)) {
    case U_UPPERCASE_LETTER:
    case U_LOWERCASE_LETTER:
    case U_TITLECASE_LETTER:
    case U_MODIFIER_LETTER:
    case U_OTHER_LETTER:
      return CharClass::letter;
    case U_DECIMAL_DIGIT_NUMBER:
    case U_LETTER_NUMBER:
    case U_OTHER_NUMBER:
      return CharClass::number;
    default:
      break;
  }
  return u_isUWhiteSpace(cp) ? CharClass::space : CharClass::other;
}

const std::array<CharClass, 128> kAsciiClass = [] {
  std::array<CharClass, 128> t{};
  for (char32_t c = 0; c < 128; ++c) t[c] = icu_class(c);
  return t;
}();

const icu::Normalizer2& nfc() {
  static const icu::Normalizer2* instance = [] {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* n = icu::Normalizer2::getNFCInstance(status);
    if (U_FAILURE(status) || n == nullptr) throw TokenizerError(std::string("ICU NFC data unavailable: ") + u_errorName(status));
    return n;
  }();
  return *instance;
}

}  // namespace

CharClass char_class(char32_t c) { return c < 128 ? kAsciiClass[c] : icu_class(c); }

bool nfc_if_needed(std::string_view s, std::string& out) {
  bool ascii = true;
  for (const char ch : s) {
    // Every code point below U+0300 is NFC-stable and composes with nothing before it.
    if (static_cast<unsigned char>(ch) >= 0xCC) {
      ascii = false;
      break;
    }
  }
  if (ascii) return false;
  const icu::Normalizer2& n = nfc();
  UErrorCode status = U_ZERO_ERROR;
  const icu::StringPiece piece(s.data(), static_cast<int32_t>(s.size()));
  if (n.isNormalizedUTF8(piece, status) && U_SUCCESS(status)) return false;
  status = U_ZERO_ERROR;
  std::string result;
  icu::StringByteSink<std::string> sink(&result, static_cast<int32_t>(s.size()));
  n.normalizeUTF8(0, piece, sink, nullptr, status);
  if (U_FAILURE(status)) throw TokenizerError(std::string("NFC normalization failed: ") + u_errorName(status));
  out = std::move(result);
  return true;
}

}  // namespace vl::tokenizer
