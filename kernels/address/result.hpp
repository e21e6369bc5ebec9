#pragma once
// ParseResult: what the parser writes per address. Fields found in the text are spans into the
// input (start, length in bytes); district, state, country and PIN not in the text may be
// inferred from a valid PIN (the text's or the hint's) and are flagged as inferred, never
// copied from another field. Fixed-width members, no padding: the bytes are the variant's
// output for digests and equivalences.
#include <cstdint>

#include "address/labels.hpp"

namespace address {

// flags
inline constexpr std::uint16_t kSuccess = 1u << 0;
inline constexpr std::uint16_t kPinInferred = 1u << 1;       // pin from the hint
inline constexpr std::uint16_t kDistrictInferred = 1u << 2;  // district from the PIN
inline constexpr std::uint16_t kStateInferred = 1u << 3;     // state from the PIN
inline constexpr std::uint16_t kCountryInferred = 1u << 4;   // "India" from a valid PIN
inline constexpr std::uint16_t kTruncated = 1u << 5;         // tokens past kMaxTokens left unparsed

// status (one error per address; 0 = none)
enum Status : std::uint16_t {
  kOk = 0,
  kEmptyText,
  kTooLong,
  kInvalidUtf8,
  kInvalidPin,  // a PIN-labelled span that is not a known 6-digit PIN
  kNoFields,
};

inline constexpr const char* kStatusText[] = {"",
                                              "empty address text",
                                              "address text longer than 1024 bytes",
                                              "address text is not valid UTF-8",
                                              "PIN in the text is not a known 6-digit PIN",
                                              "no address field found"};

inline constexpr std::uint16_t kNoId = 0xffff;

struct ParseResult {
  std::uint16_t start[kFields];
  std::uint16_t len[kFields];
  std::uint32_t pin;         // the resolved PIN (text or hint), 0 when none is valid
  std::uint16_t district;    // gazetteer ids for inferred fields, kNoId otherwise
  std::uint16_t state;
  std::uint16_t flags;
  std::uint16_t status;
};
static_assert(sizeof(ParseResult) == 56, "ParseResult must have no padding");

}  // namespace address
