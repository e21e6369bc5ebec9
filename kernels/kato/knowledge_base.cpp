#include "kato/knowledge_base.hpp"

namespace kato {

std::vector<std::vector<SymbolId>> KnowledgeBase::intern(const Events& events) {
  std::vector<std::vector<SymbolId>> ids;
  ids.reserve(events.size());
  for (const auto& ev : events) {
    std::vector<SymbolId> e;
    e.reserve(ev.size());
    for (const auto& s : ev) e.push_back(vocab_.intern(s));
    ids.push_back(std::move(e));
  }
  return ids;
}

std::string KnowledgeBase::learn(const Events& stm) {
  std::size_t total = 0;
  for (const auto& ev : stm) total += ev.size();
  if (total <= 1) return {};
  std::string name = pattern_name(stm);
  if (auto at = store_.find(name)) {
    store_.add_frequency(*at, 1);
  } else {
    store_.add_recent(name, intern(stm), 1);
  }
  return "PTRN|" + name;
}

std::string KnowledgeBase::add_pattern(const Events& events, std::uint64_t frequency, std::string name) {
  if (name.empty()) name = pattern_name(events);
  if (auto at = store_.find(name)) {
    store_.add_frequency(*at, frequency);
  } else {
    store_.add_stable(name, intern(events), frequency);
  }
  return name;
}

}  // namespace kato
