#pragma once
// Integer hashes of the parsing core: FNV-1a 64 over case-folded token bytes, and a murmur3
// finaliser to spread feature ids over the weight table.
#include <cstdint>

#include "address/hd.hpp"

namespace address {

inline constexpr std::uint64_t kFnvOffset = 14695981039346656037ull;
inline constexpr std::uint64_t kFnvPrime = 1099511628211ull;

ADDR_HD inline std::uint8_t fold(std::uint8_t c) { return (c >= 'A' && c <= 'Z') ? static_cast<std::uint8_t>(c + 32) : c; }

ADDR_HD inline std::uint64_t fnv_bytes(std::uint64_t h, const char* s, int n) {
  for (int i = 0; i < n; ++i) {
    h ^= fold(static_cast<std::uint8_t>(s[i]));
    h *= kFnvPrime;
  }
  return h;
}

ADDR_HD inline std::uint64_t fnv_byte(std::uint64_t h, std::uint8_t c) {
  h ^= c;
  return h * kFnvPrime;
}

ADDR_HD inline std::uint32_t fmix32(std::uint32_t h) {
  h ^= h >> 16;
  h *= 0x85ebca6bu;
  h ^= h >> 13;
  h *= 0xc2b2ae35u;
  h ^= h >> 16;
  return h;
}

ADDR_HD inline std::uint64_t fmix64(std::uint64_t k) {
  k ^= k >> 33;
  k *= 0xff51afd7ed558ccdull;
  k ^= k >> 33;
  k *= 0xc4ceb9fe1a85ec53ull;
  k ^= k >> 33;
  return k;
}

// Key of "this n-gram is a name belonging to this PIN".
ADDR_HD inline std::uint64_t pin_name_key(std::uint64_t ngram, std::uint32_t pin) {
  return fmix64(ngram ^ (static_cast<std::uint64_t>(pin) * 0x9e3779b97f4a7c15ull));
}

// Feature id: template number and value, hashed into the weight table.
ADDR_HD inline std::uint32_t feature_row(std::uint32_t templ, std::uint32_t value) {
  return fmix32(value * 0x9e3779b1u + templ * 0x85ebca77u + 0x27d4eb2fu) & ((1u << 16) - 1u);
}

// Slot of `key` in an open-addressing table of mask + 1 slots (keys are never 0), or -1.
ADDR_HD inline std::int64_t probe(const std::uint64_t* slots, std::uint32_t mask, std::uint64_t key) {
  if (!slots) return -1;
  for (std::uint32_t i = static_cast<std::uint32_t>(fmix64(key)) & mask;; i = (i + 1) & mask) {
    if (slots[i] == key) return i;
    if (slots[i] == 0) return -1;
  }
}

template <class T>
ADDR_HD inline bool sorted_find(const T* keys, std::uint32_t n, T key, std::uint32_t* at) {
  std::uint32_t lo = 0, hi = n;
  while (lo < hi) {
    const std::uint32_t mid = lo + (hi - lo) / 2;
    if (keys[mid] < key) lo = mid + 1;
    else hi = mid;
  }
  if (lo < n && keys[lo] == key) {
    if (at) *at = lo;
    return true;
  }
  return false;
}

}  // namespace address
