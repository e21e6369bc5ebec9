#include "kato/query.hpp"

#include <algorithm>
#include <unordered_map>

namespace kato {

std::vector<std::string> observe_event(std::vector<std::string> symbols, const ObserveOptions& options) {
  std::vector<std::string> vectors, strings;
  for (auto& s : symbols) (s.rfind("VCTR|", 0) == 0 ? vectors : strings).push_back(std::move(s));
  if (options.sort_symbols) std::sort(strings.begin(), strings.end());  // std::string compares bytes as unsigned char
  vectors.insert(vectors.end(), std::make_move_iterator(strings.begin()), std::make_move_iterator(strings.end()));
  return vectors;
}

Events observe_events(const Events& raw, const ObserveOptions& options) {
  Events out;
  for (const auto& ev : raw)
    if (!ev.empty()) out.push_back(observe_event(ev, options));
  return out;
}

Query make_query(const Vocabulary& vocab, const Events& stm) {
  std::size_t symbols = 0;
  for (const auto& ev : stm) symbols += ev.size();
  if (symbols > kMaxQuerySymbols) {
    throw QueryTooLong("the state has " + std::to_string(symbols) + " symbols; a query takes at most " +
                       std::to_string(kMaxQuerySymbols));
  }
  Query q;
  q.vocab = &vocab;
  q.vocab_size = vocab.size();
  std::unordered_map<std::string, SymbolId> local;
  for (const auto& ev : stm) {
    std::vector<SymbolId> ids;
    for (const auto& s : ev) {
      SymbolId id;
      if (auto known = vocab.find(s)) {
        id = *known;
      } else if (auto it = local.find(s); it != local.end()) {
        id = it->second;
      } else {
        id = q.vocab_size + static_cast<SymbolId>(q.unknown.size());
        q.unknown.push_back(s);
        local.emplace(s, id);
      }
      ids.push_back(id);
      q.flat.push_back(id);
    }
    q.events.push_back(std::move(ids));
  }
  return q;
}

}  // namespace kato
