#pragma once
// Batches in structure-of-arrays form (one byte buffer, offsets, PIN hints) and the CPU
// variants over them: cpu_ref (one thread, address after address) and cpu_fast (contiguous
// slices over threads, vector decode). Results are identical for any split and any path.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "address/isa.hpp"
#include "address/model_view.hpp"
#include "address/result.hpp"

namespace address {

struct Batch {
  std::string bytes;
  std::vector<std::uint32_t> offsets{0};  // size() + 1 entries
  std::vector<std::uint32_t> pin_hints;
  std::size_t size() const { return pin_hints.size(); }
  void add(std::string_view text, std::uint32_t pin_hint) {
    bytes.append(text);
    offsets.push_back(static_cast<std::uint32_t>(bytes.size()));
    pin_hints.push_back(pin_hint);
  }
  std::string_view text(std::size_t i) const { return std::string_view(bytes).substr(offsets[i], offsets[i + 1] - offsets[i]); }
};

// Parses addresses [first, last) of the batch into out[first, last): the scalar core, or a
// vector path (parse_simd.cpp; falls back to scalar where the CPU lacks it). Same bytes.
void parse_range(const ModelView& m, const Batch& b, std::size_t first, std::size_t last, ParseResult* out);
void parse_range(const ModelView& m, const Batch& b, std::size_t first, std::size_t last, ParseResult* out, Isa isa);

void parse_batch_ref(const ModelView& m, const Batch& b, ParseResult* out);
// threads = 0: hardware concurrency; isa: the best this CPU runs unless given.
void parse_batch_fast(const ModelView& m, const Batch& b, ParseResult* out, unsigned threads, Isa isa = best_isa());

}  // namespace address
