#include "kato/vocabulary.hpp"

#include <stdexcept>

namespace kato {

SymbolId Vocabulary::intern(std::string_view symbol) {
  std::string key(symbol);
  auto it = ids_.find(key);
  if (it != ids_.end()) return it->second;
  if (symbols_.size() >= 0x7fffffffu) throw std::length_error("kato: vocabulary full");
  const auto id = static_cast<SymbolId>(symbols_.size());
  symbols_.push_back(key);
  ids_.emplace(std::move(key), id);
  return id;
}

std::optional<SymbolId> Vocabulary::find(std::string_view symbol) const {
  auto it = ids_.find(std::string(symbol));
  if (it == ids_.end()) return std::nullopt;
  return it->second;
}

}  // namespace kato
