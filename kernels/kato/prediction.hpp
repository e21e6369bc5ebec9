#pragma once
// The prediction KATO returns for one pattern, and its construction from the
// matching blocks (extract_prediction_info + Prediction.__init__ of the reference):
// temporal segmentation on flat lists, whole-event re-segmentation with the tail fix,
// event-aligned missing/extras, evidence, confidence, snr and fragmentation.
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "kato/pattern_name.hpp"
#include "kato/query.hpp"

namespace kato {

struct Prediction {
  std::string name;  // bare 40-hex name
  std::uint64_t frequency = 0;
  double similarity = 0.0;
  // segmented: past/present/future are lists of pattern events (main path). When false
  // (single-symbol path) each holds one flat list of symbols.
  bool segmented = true;
  // aligned: missing has one list per present event and extras one per STM event.
  // When false (single-symbol path, or an empty STM) each holds one flat list.
  bool aligned = true;
  std::vector<std::string> matches;
  Events past, present, future, missing, extras;
  double evidence = 0.0, confidence = 0.0, snr = 0.0, fragmentation = -1.0;
  double itfdf_similarity = 0.0;  // 0 on the single-symbol path, which has no itfdf
  double potential = 0.0;
};

// Id-level prediction before ensemble metrics (internal to the matchers, public so
// the fields can be unit-tested). Symbols are ids as in the Query / PatternStore.
struct PredictionDraft {
  std::uint32_t tier = 0;
  std::size_t index = 0;
  double similarity = 0.0;
  bool segmented = true, aligned = true;
  std::vector<SymbolId> matches;
  std::vector<std::vector<SymbolId>> past, present, future, missing, extras;
  std::uint32_t flat_extras = 0;  // E of the snr formula (flat extras count)
  std::uint32_t blocks = 0;
  double evidence = 0.0, confidence = 0.0, snr = 0.0, fragmentation = -1.0;
  double itfdf_similarity = 0.0, potential = 0.0;
};

// Main path (state not of exactly one symbol). `keep_empty_match` is KATO's
// `cutoff == 0.0`: a pattern with no matching block is kept (past = [], present =
// whole pattern) only then; otherwise the function returns false.
bool build_draft_main(std::span<const SymbolId> pattern_flat, std::span<const std::uint32_t> event_sizes,
                      const Query& query, double similarity, bool keep_empty_match, PredictionDraft& out);

// Single-symbol path: flat past/present/future/missing/extras, snr = M/(M+E),
// potential without itfdf (computed here).
void build_draft_single(std::span<const SymbolId> pattern_flat, const Query& query, double similarity,
                        PredictionDraft& out);

}  // namespace kato
