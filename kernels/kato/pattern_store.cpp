#include "kato/pattern_store.hpp"

#include <algorithm>

namespace kato {

std::size_t PatternStore::add(std::string name, const std::vector<std::vector<SymbolId>>& events,
                              std::uint64_t frequency) {
  const std::size_t index = names_.size();
  names_.push_back(std::move(name));
  frequency_.push_back(frequency);
  const std::size_t first_new = symbols_.size();
  for (const auto& ev : events) {
    event_sizes_.push_back(static_cast<std::uint32_t>(ev.size()));
    symbols_.insert(symbols_.end(), ev.begin(), ev.end());
  }
  sym_begin_.push_back(symbols_.size());
  event_begin_.push_back(event_sizes_.size());
  first_symbol_.push_back(!events.empty() && !events[0].empty() ? static_cast<std::int64_t>(events[0][0]) : -1);
  // Member frequency counts each pattern once per distinct symbol.
  std::vector<SymbolId> distinct(symbols_.begin() + static_cast<std::ptrdiff_t>(first_new), symbols_.end());
  std::sort(distinct.begin(), distinct.end());
  distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
  if (!distinct.empty() && distinct.back() >= member_freq_.size()) member_freq_.resize(distinct.back() + 1u, 0);
  for (SymbolId s : distinct) ++member_freq_[s];
  return index;
}

void PatternStore::clear() { *this = PatternStore{}; }

std::vector<std::vector<SymbolId>> PatternStore::events(std::size_t p) const {
  std::vector<std::vector<SymbolId>> out;
  const auto flat_syms = flat(p);
  std::size_t pos = 0;
  for (std::uint32_t n : event_sizes(p)) {
    out.emplace_back(flat_syms.begin() + static_cast<std::ptrdiff_t>(pos),
                     flat_syms.begin() + static_cast<std::ptrdiff_t>(pos + n));
    pos += n;
  }
  return out;
}

}  // namespace kato
