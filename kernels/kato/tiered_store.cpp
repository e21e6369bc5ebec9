#include "kato/tiered_store.hpp"

#include <stdexcept>

namespace kato {

std::optional<PatternLocation> TieredStore::find(const std::string& name) const {
  auto it = index_.find(name);
  if (it == index_.end()) return std::nullopt;
  return it->second;
}

PatternLocation TieredStore::add_recent(std::string name, const std::vector<std::vector<SymbolId>>& events,
                                        std::uint64_t frequency) {
  if (index_.count(name)) throw std::invalid_argument("kato: duplicate pattern name " + name);
  const PatternLocation at{Tier::recent, recent_.size()};
  index_.emplace(name, at);
  recent_.add(std::move(name), events, frequency);
  if (promote_threshold_ > 0 && recent_.size() >= promote_threshold_) {
    const std::size_t base = stable_.size();
    promote();
    return {Tier::stable, base + at.index};
  }
  return at;
}

PatternLocation TieredStore::add_stable(std::string name, const std::vector<std::vector<SymbolId>>& events,
                                        std::uint64_t frequency) {
  if (index_.count(name)) throw std::invalid_argument("kato: duplicate pattern name " + name);
  const PatternLocation at{Tier::stable, stable_.size()};
  index_.emplace(name, at);
  stable_.add(std::move(name), events, frequency);
  ++stable_generation_;
  return at;
}

void TieredStore::add_frequency(const PatternLocation& at, std::uint64_t delta) {
  if (at.tier == Tier::stable) {
    stable_.add_frequency(at.index, delta);
    ++stable_generation_;
  } else {
    recent_.add_frequency(at.index, delta);
  }
}

std::size_t TieredStore::promote() {
  const std::size_t moved = recent_.size();
  if (moved == 0) return 0;
  for (std::size_t p = 0; p < moved; ++p) {
    const std::size_t index = stable_.add(recent_.name(p), recent_.events(p), recent_.frequency(p));
    index_[recent_.name(p)] = {Tier::stable, index};
  }
  recent_.clear();
  ++stable_generation_;
  return moved;
}

}  // namespace kato
