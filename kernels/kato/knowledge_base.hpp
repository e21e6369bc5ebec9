#pragma once
// A KATO knowledge base: the vocabulary plus the tiered pattern store, with KATO's
// learning rule (a pattern is the whole STM, named by the SHA-1 of its repr, stored
// only when it holds more than one symbol; re-learning bumps its frequency).
#include <cstdint>
#include <string>

#include "kato/pattern_name.hpp"
#include "kato/tiered_store.hpp"
#include "kato/vocabulary.hpp"

namespace kato {

class KnowledgeBase {
 public:
  explicit KnowledgeBase(std::size_t promote_threshold = 1000) : store_(promote_threshold) {}

  // Learns `stm` (events taken as given, i.e. already observed and sorted) into the
  // recent tier. Returns "PTRN|<name>", or "" when the STM has fewer than 2 symbols.
  std::string learn(const Events& stm);

  // Adds a pattern to the stable tier (loading). An empty `name` means "compute KATO's
  // name". Re-adding an existing name adds `frequency` to it. Returns the name.
  std::string add_pattern(const Events& events, std::uint64_t frequency, std::string name = {});

  Vocabulary& vocabulary() { return vocab_; }
  const Vocabulary& vocabulary() const { return vocab_; }
  TieredStore& store() { return store_; }
  const TieredStore& store() const { return store_; }
  std::size_t size() const { return store_.size(); }

 private:
  std::vector<std::vector<SymbolId>> intern(const Events& events);

  Vocabulary vocab_;
  TieredStore store_;
};

}  // namespace kato
