#include "kato/prediction.hpp"

#include <algorithm>

#include "kato/matching_blocks.hpp"
#include "kato/ranking.hpp"

namespace kato {
namespace {

using Ids = std::vector<SymbolId>;

bool contains(const Ids& v, SymbolId s) { return std::find(v.begin(), v.end(), s) != v.end(); }

struct FlatSegments {
  std::uint32_t past_len = 0, present_begin = 0, present_end = 0;
};

// extract_prediction_info's temporal regions from the blocks (a = pattern).
FlatSegments segments(const std::vector<Block>& blocks, std::uint32_t pattern_len) {
  FlatSegments s;
  if (blocks.empty()) {
    s.present_end = pattern_len;
    return s;
  }
  const Block& first = blocks.front();
  const Block& last = blocks.back();
  s.past_len = first.i;
  s.present_begin = first.i;
  // >= 2 blocks: pattern[i0 : i_last + n_last]; 1 block: pattern[i0 : i0 + n0]
  s.present_end = last.i + last.n;
  return s;
}

// The flat missing/extras of the reference: matcher.compare() of (present, state).
void flat_missing_extras(std::span<const SymbolId> present, std::span<const SymbolId> state, Ids& missing,
                         Ids& extras) {
  if (present.empty()) return;  // `if present:` guards the compare() call
  const auto blocks = matching_blocks(present, state);
  for (const Opcode& op : opcodes(blocks, static_cast<std::uint32_t>(present.size()),
                                  static_cast<std::uint32_t>(state.size()))) {
    if (op.tag == OpTag::del || op.tag == OpTag::replace)
      missing.insert(missing.end(), present.begin() + op.i1, present.begin() + op.i2);
    if (op.tag == OpTag::insert || op.tag == OpTag::replace)
      extras.insert(extras.end(), state.begin() + op.j1, state.begin() + op.j2);
  }
}

Ids collect_matches(const std::vector<Block>& blocks, std::span<const SymbolId> state) {
  Ids m;
  for (const Block& blk : blocks) m.insert(m.end(), state.begin() + blk.j, state.begin() + blk.j + blk.n);
  return m;
}

double ratio_or_zero(std::size_t num, std::size_t den) {
  return den > 0 ? static_cast<double>(num) / static_cast<double>(den) : 0.0;
}

}  // namespace

bool build_draft_main(std::span<const SymbolId> pflat, std::span<const std::uint32_t> event_sizes,
                      const Query& query, double similarity, bool keep_empty_match, PredictionDraft& d) {
  const std::span<const SymbolId> state(query.flat);
  const auto blocks = matching_blocks(pflat, state);
  if (blocks.empty() && !keep_empty_match) return false;
  d.similarity = similarity;
  d.segmented = true;
  d.blocks = static_cast<std::uint32_t>(blocks.size());
  d.matches = collect_matches(blocks, state);
  const FlatSegments seg = segments(blocks, static_cast<std::uint32_t>(pflat.size()));
  const auto present_flat = pflat.subspan(seg.present_begin, seg.present_end - seg.present_begin);
  Ids flat_missing, flat_extras;
  flat_missing_extras(present_flat, state, flat_missing, flat_extras);

  const std::size_t M = d.matches.size();
  d.evidence = ratio_or_zero(M, pflat.size());
  d.fragmentation = static_cast<double>(d.blocks) - 1.0;
  d.flat_extras = static_cast<std::uint32_t>(flat_extras.size());
  const double denominator = 2.0 * static_cast<double>(M) + static_cast<double>(d.flat_extras);
  d.snr = denominator > 0 ? (2.0 * static_cast<double>(M) - static_cast<double>(d.flat_extras)) / denominator : 0.0;

  // Whole-event re-segmentation (Prediction.__init__): walk events until the
  // cumulative symbol count reaches the flat past length, then the present length.
  std::size_t c1 = seg.past_len, c2 = 0, ev = 0;
  while (c2 < c1) c2 += event_sizes[ev++];
  const std::size_t past_events = ev;
  c1 += present_flat.size();
  while (c2 < c1) c2 += event_sizes[ev++];
  const std::size_t present_events_end = ev;
  std::vector<Ids> events;
  {
    std::size_t pos = 0;
    for (std::uint32_t n : event_sizes) {
      events.emplace_back(pflat.begin() + static_cast<std::ptrdiff_t>(pos),
                          pflat.begin() + static_cast<std::ptrdiff_t>(pos + n));
      pos += n;
    }
  }
  d.past.assign(events.begin(), events.begin() + static_cast<std::ptrdiff_t>(past_events));
  d.present.assign(events.begin() + static_cast<std::ptrdiff_t>(past_events),
                   events.begin() + static_cast<std::ptrdiff_t>(present_events_end));
  d.future.assign(events.begin() + static_cast<std::ptrdiff_t>(present_events_end), events.end());
  // Tail fix: the last past event moves to present when it holds the first match.
  if (!d.past.empty() && !d.matches.empty() && contains(d.past.back(), d.matches.front())) {
    d.present.insert(d.present.begin(), d.past.back());
    d.past.pop_back();
  }

  Ids present_all;
  for (const auto& e : d.present) present_all.insert(present_all.end(), e.begin(), e.end());
  d.missing.clear();
  d.extras.clear();
  if (!query.events.empty()) {
    d.aligned = true;
    for (const auto& e : d.present) {
      Ids miss;
      for (SymbolId s : e)
        if (!contains(d.matches, s)) miss.push_back(s);
      d.missing.push_back(std::move(miss));
    }
    for (const auto& e : query.events) {
      Ids extra;
      for (SymbolId s : e)
        if (!contains(present_all, s)) extra.push_back(s);
      d.extras.push_back(std::move(extra));
    }
  } else {
    d.aligned = false;
    Ids miss;
    for (SymbolId s : present_all)
      if (!contains(d.matches, s)) miss.push_back(s);
    d.missing.push_back(std::move(miss));
    d.extras.push_back(flat_extras);
  }
  d.confidence = ratio_or_zero(M, present_all.size());
  return true;
}

void build_draft_single(std::span<const SymbolId> pflat, const Query& query, double similarity,
                        PredictionDraft& d) {
  const std::span<const SymbolId> state(query.flat);
  const auto blocks = matching_blocks(pflat, state);
  d.similarity = similarity;
  d.segmented = false;
  d.aligned = false;
  d.blocks = static_cast<std::uint32_t>(blocks.size());
  d.matches = collect_matches(blocks, state);
  const FlatSegments seg = segments(blocks, static_cast<std::uint32_t>(pflat.size()));
  const auto present_flat = pflat.subspan(seg.present_begin, seg.present_end - seg.present_begin);
  Ids missing, extras;
  flat_missing_extras(present_flat, state, missing, extras);
  d.past = {Ids(pflat.begin(), pflat.begin() + seg.past_len)};
  d.present = {Ids(present_flat.begin(), present_flat.end())};
  d.future = {Ids(pflat.begin() + seg.present_end, pflat.end())};
  d.missing = {missing};
  d.extras = {extras};
  d.flat_extras = static_cast<std::uint32_t>(extras.size());
  const std::size_t M = d.matches.size();
  d.evidence = ratio_or_zero(M, pflat.size());
  d.confidence = ratio_or_zero(M, present_flat.size());
  d.snr = ratio_or_zero(M, M + extras.size());
  d.fragmentation = static_cast<double>(d.blocks) - 1.0;
  d.itfdf_similarity = 0.0;
  d.potential = potential_single(d.evidence, d.confidence, d.snr, d.fragmentation);
}

}  // namespace kato
