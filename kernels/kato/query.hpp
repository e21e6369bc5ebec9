#pragma once
// The state a query matches: KATO's short-term memory (a list of events) converted to
// symbol ids, plus its flattening `list(chain(*STM))`. Symbols the vocabulary does not
// know get query-local ids >= vocab.size() so they still count in lengths and extras
// but can never match a pattern symbol.
#include <cstddef>
#include <stdexcept>
#include <string>
#include <vector>

#include "kato/pattern_name.hpp"
#include "kato/vocabulary.hpp"

namespace kato {

// KATO's session options that shape observation.
struct ObserveOptions {
  // KATO's `sort_symbols` (default true): sort the strings of each event by code point.
  // Off, they keep the order they were observed in.
  bool sort_symbols = true;
};

// KATO's observe-time normalisation of one event: vector symbols ("VCTR|...") first in
// their given order, then the other strings, sorted by code point (= UTF-8 byte order)
// when options.sort_symbols is on, in their given order when it is off. KATO builds the
// vector symbols from a separate field of the observation and puts them before the strings
// whatever `sort_symbols` says; the spec (kato.md §2) states "vectors first" only next to
// sorting, so with sorting off this keeps the vectors-first step and skips only the sort.
std::vector<std::string> observe_event(std::vector<std::string> symbols, const ObserveOptions& options = {});

// observe_event on every event, dropping empty events (KATO never appends them to STM).
Events observe_events(const Events& raw, const ObserveOptions& options = {});

// The longest state a query may have. The bit-parallel matcher keeps one mask of ceil(m/64)
// words per distinct state symbol, so its memory grows with m^2: at this limit it is at most
// 12.5 MB; at 10^6 symbols it would be 125 GB.
inline constexpr std::size_t kMaxQuerySymbols = 10'000;

// A state longer than kMaxQuerySymbols.
struct QueryTooLong : std::length_error {
  using std::length_error::length_error;
};

struct Query {
  const Vocabulary* vocab = nullptr;
  std::uint32_t vocab_size = 0;             // vocabulary size when the query was made
  std::vector<std::vector<SymbolId>> events;  // STM events as ids
  std::vector<SymbolId> flat;                 // flattened state
  std::vector<std::string> unknown;           // text of ids vocab_size, vocab_size+1, ...

  const std::string& text(SymbolId id) const {
    return id < vocab_size ? vocab->text(id) : unknown.at(id - vocab_size);
  }
};

// Builds a query from STM events taken as given (already observed/sorted). Throws QueryTooLong
// when the state has more than kMaxQuerySymbols symbols.
Query make_query(const Vocabulary& vocab, const Events& stm);

}  // namespace kato
