#pragma once
// Two tiers of patterns, both searched by every query: a "stable" tier (compacted,
// uploaded to the GPU when there is one) and a "recent" tier that takes newly learned
// patterns so learning never touches the device store. When the recent tier reaches
// the promotion threshold (or on request) its patterns move, in learn order, to the
// end of the stable tier. Ranking breaks ties by name, so no result depends on which
// tier holds a pattern.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "kato/pattern_store.hpp"

namespace kato {

enum class Tier : std::uint32_t { stable = 0, recent = 1 };

struct PatternLocation {
  Tier tier;
  std::size_t index;
};

class TieredStore {
 public:
  explicit TieredStore(std::size_t promote_threshold = 1000) : promote_threshold_(promote_threshold) {}

  const PatternStore& stable() const { return stable_; }
  const PatternStore& recent() const { return recent_; }
  std::size_t size() const { return stable_.size() + recent_.size(); }
  std::optional<PatternLocation> find(const std::string& name) const;

  // New pattern into the recent tier; promotes when the tier reaches the threshold
  // (so the returned location may already be in the stable tier).
  PatternLocation add_recent(std::string name, const std::vector<std::vector<SymbolId>>& events,
                             std::uint64_t frequency);
  // New pattern straight into the stable tier (bulk loading).
  PatternLocation add_stable(std::string name, const std::vector<std::vector<SymbolId>>& events,
                             std::uint64_t frequency);
  void add_frequency(const PatternLocation& at, std::uint64_t delta);

  // Moves every recent pattern to the stable tier. Returns how many moved.
  std::size_t promote();
  std::size_t promote_threshold() const { return promote_threshold_; }
  void set_promote_threshold(std::size_t n) { promote_threshold_ = n; }
  // Increases whenever the stable tier changes, so device copies know to re-upload.
  std::uint64_t stable_generation() const { return stable_generation_; }

 private:
  PatternStore stable_, recent_;
  std::unordered_map<std::string, PatternLocation> index_;
  std::size_t promote_threshold_;
  std::uint64_t stable_generation_ = 0;
};

}  // namespace kato
