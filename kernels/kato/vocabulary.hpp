#pragma once
// Symbol strings <-> dense integer ids. Ids are handed out in order of first arrival,
// so the same sequence of insertions always yields the same ids; the vocabulary is
// saved with the knowledge base (binary form) or rebuilt in file order (JSON Lines).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace kato {

using SymbolId = std::uint32_t;

class Vocabulary {
 public:
  // Id of `symbol`, adding it when new.
  SymbolId intern(std::string_view symbol);
  // Id of `symbol` if known; never grows the vocabulary (queries use this).
  std::optional<SymbolId> find(std::string_view symbol) const;
  const std::string& text(SymbolId id) const { return symbols_.at(id); }
  std::uint32_t size() const { return static_cast<std::uint32_t>(symbols_.size()); }
  const std::vector<std::string>& symbols() const { return symbols_; }

 private:
  std::vector<std::string> symbols_;
  std::unordered_map<std::string, SymbolId> ids_;
};

}  // namespace kato
