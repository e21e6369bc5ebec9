#pragma once
// ModelView: the read-only tables the parsing core reads, as plain pointers so that the same
// struct describes host memory (CPU variants) and device memory (CUDA). Owned by Model
// (model.hpp) on the host and by the CUDA parser's device buffers.
#include <cstdint>

namespace address {

inline constexpr int kHashBits = 16;  // feature hash table rows: 2^16 (2 MiB of int16 x 16 lanes)
inline constexpr std::uint32_t kRows = 1u << kHashBits;

// Gazetteer entry types (bit mask per n-gram).
inline constexpr std::uint8_t kGazState = 1u << 0;
inline constexpr std::uint8_t kGazStateCode = 1u << 1;
inline constexpr std::uint8_t kGazDistrict = 1u << 2;
inline constexpr std::uint8_t kGazCity = 1u << 3;
inline constexpr std::uint8_t kGazOffice = 1u << 4;
inline constexpr int kGazTypes = 5;

struct ModelView {
  const std::int16_t* weights = nullptr;  // kRows x kLanes, row-major
  const std::int16_t* trans = nullptr;    // kLanes x kLanes: trans[from * kLanes + to]
  const std::int16_t* start = nullptr;    // kLanes
  const std::int16_t* end = nullptr;      // kLanes

  // Open-addressing hash tables (linear probing, key 0 = empty slot, capacity a power of two
  // at least twice the entries): one or two cache lines per lookup, on host and device alike.
  const std::uint64_t* ngram_keys = nullptr;  // n-gram hashes (1-3 tokens)
  const std::uint8_t* ngram_types = nullptr;  // kGaz* bits per slot
  std::uint32_t ngram_mask = 0;               // capacity - 1

  const std::uint64_t* pin_name_keys = nullptr;  // pin_name_key(ngram, pin): a name of that PIN
  std::uint32_t pin_name_mask = 0;

  const std::uint32_t* pins = nullptr;           // sorted valid PINs
  const std::uint16_t* pin_district = nullptr;   // district id per PIN
  const std::uint16_t* pin_state = nullptr;      // state id per PIN
  std::uint32_t pin_count = 0;

  const std::uint64_t* keyword_keys = nullptr;  // sorted single-word hashes
  const std::uint8_t* keyword_class = nullptr;
  std::uint32_t keyword_count = 0;
};

}  // namespace address
