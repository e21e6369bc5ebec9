#pragma once
// A compact, append-only pattern store: all symbols of all patterns in one array
// (CSR), event sizes in another. This is the layout the matchers scan and the CUDA
// tier uploads; it also carries the per-symbol "pattern member frequency" that the
// itfdf metric needs, maintained on append so no query rescans the store.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "kato/vocabulary.hpp"

namespace kato {

class PatternStore {
 public:
  // Appends a pattern (events of symbol ids) and returns its index in this store.
  std::size_t add(std::string name, const std::vector<std::vector<SymbolId>>& events, std::uint64_t frequency);
  void clear();

  std::size_t size() const { return names_.size(); }
  const std::string& name(std::size_t p) const { return names_[p]; }
  std::uint64_t frequency(std::size_t p) const { return frequency_[p]; }
  void add_frequency(std::size_t p, std::uint64_t delta) { frequency_[p] += delta; }
  // Flattened symbols of pattern p (KATO's `list(chain(*pattern_data))`).
  std::span<const SymbolId> flat(std::size_t p) const {
    return {symbols_.data() + sym_begin_[p], static_cast<std::size_t>(sym_begin_[p + 1] - sym_begin_[p])};
  }
  // Sizes of the events of pattern p, in order (empty events kept).
  std::span<const std::uint32_t> event_sizes(std::size_t p) const {
    return {event_sizes_.data() + event_begin_[p], static_cast<std::size_t>(event_begin_[p + 1] - event_begin_[p])};
  }
  std::vector<std::vector<SymbolId>> events(std::size_t p) const;
  // First symbol of the first event, or -1 when the first event is empty or there is
  // none (the single-symbol path compares `pattern_data[0][0]`).
  std::int64_t first_symbol(std::size_t p) const { return first_symbol_[p]; }

  // Raw arrays, for device upload and binary save.
  const std::vector<SymbolId>& symbols() const { return symbols_; }
  const std::vector<std::uint64_t>& symbol_offsets() const { return sym_begin_; }
  const std::vector<std::uint32_t>& all_event_sizes() const { return event_sizes_; }
  const std::vector<std::uint64_t>& event_offsets() const { return event_begin_; }

  // Number of patterns of this store that contain symbol s (0 for unknown ids).
  std::uint64_t member_frequency(SymbolId s) const { return s < member_freq_.size() ? member_freq_[s] : 0; }

  // Bytes a full scan reads: symbols plus offsets (the work-count "bytes touched").
  std::uint64_t scan_bytes() const {
    return symbols_.size() * sizeof(SymbolId) + sym_begin_.size() * sizeof(std::uint64_t);
  }

 private:
  std::vector<std::string> names_;
  std::vector<std::uint64_t> frequency_;
  std::vector<SymbolId> symbols_;
  std::vector<std::uint64_t> sym_begin_{0};
  std::vector<std::uint32_t> event_sizes_;
  std::vector<std::uint64_t> event_begin_{0};
  std::vector<std::int64_t> first_symbol_;
  std::vector<std::uint64_t> member_freq_;
};

}  // namespace kato
