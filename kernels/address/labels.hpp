#pragma once
// The parser's labels: O (no field) and the eleven token-level fields of the original design's
// ParsedAddress (`note` is not token-level: the command fills it with the parsing device).
#include <cstdint>

namespace address {

enum Label : std::uint8_t {
  kO = 0,
  kUnit,
  kSociety,
  kLandmark,
  kRoad,
  kSubLocality,
  kLocality,
  kCity,
  kDistrict,
  kState,
  kCountry,
  kPin,
};

inline constexpr int kLabels = 12;
inline constexpr int kLanes = 16;  // labels padded to 16 lanes in weight rows (SIMD-friendly)
inline constexpr int kFields = 11;  // field f is label f + 1

// Field names as the output CSV's columns (without the "parsed_" prefix).
inline constexpr const char* kFieldNames[kFields] = {"unit_number", "society_name", "landmark", "road",
                                                     "sub_locality", "locality", "city", "district",
                                                     "state", "country", "pin_code"};

}  // namespace address
