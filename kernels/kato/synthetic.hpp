#pragma once
// Deterministic synthetic knowledge bases and states for tests and benchmarks. Uses
// our own xoshiro256** seeded by splitmix64 (std distributions are implementation
// defined), so a seed gives the same KB on every compiler and platform.
#include <cstdint>

#include "kato/knowledge_base.hpp"

namespace kato {

class Rng {
 public:
  explicit Rng(std::uint64_t seed);
  std::uint64_t next();
  // Uniform in [0, n) (n > 0), by multiply-high.
  std::uint64_t below(std::uint64_t n);
  // Uniform in [lo, hi].
  std::uint64_t between(std::uint64_t lo, std::uint64_t hi) { return lo + below(hi - lo + 1); }
  double unit() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

 private:
  std::uint64_t s_[4];
};

struct SyntheticSpec {
  std::uint64_t seed = 1;
  std::size_t patterns = 1000;
  std::uint32_t min_length = 2;    // symbols per pattern (>= 2: KATO learns no shorter)
  std::uint32_t max_length = 20;
  std::uint32_t vocab_size = 1000;  // symbols "s0" .. "s{V-1}"
  double near_duplicate_share = 0.1;  // share of patterns copied from an earlier one with one edit
  std::uint32_t max_event_size = 3;   // symbols per event, 1..this
  std::uint32_t max_frequency = 5;
};

// Patterns go to the stable tier. Names that collide (possible for near-duplicates)
// add to the frequency, so size() can be a little below spec.patterns.
KnowledgeBase make_synthetic_kb(const SyntheticSpec& spec, std::size_t promote_threshold = 1000);

// A state (already observed: events sorted) of about `length` symbols, drawn from a
// random pattern of `kb` with some symbols replaced by random vocabulary symbols.
Events make_synthetic_state(const KnowledgeBase& kb, std::uint64_t seed, std::uint32_t length,
                            double noise = 0.2, std::uint32_t max_event_size = 3);

}  // namespace kato
