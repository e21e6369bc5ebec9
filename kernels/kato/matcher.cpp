#include "kato/matcher.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <thread>
#include <unordered_map>

#include "kato/bit_parallel_lcs.hpp"
#include "kato/lcs.hpp"
#include "kato/ranking.hpp"
#include "kato/similarity.hpp"
#include "kato/worker_pool.hpp"

namespace kato {
namespace {

unsigned resolve_threads(unsigned threads) {
  static const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  return threads == 0 ? cores : threads;
}

// Runs body(begin, end, chunk) over contiguous chunks of [0, n), at most `threads` of them
// and none smaller than `min_chunk` (but at least one), on the process-wide worker pool.
// The chunks depend only on n and `used`, never on which thread runs them.
template <class Body>
void parallel_chunks(std::size_t n, unsigned threads, std::size_t min_chunk, unsigned& used, Body body) {
  const std::size_t by_work = std::max<std::size_t>(n / std::max<std::size_t>(min_chunk, 1), 1);
  used = static_cast<unsigned>(std::min<std::size_t>(resolve_threads(threads), by_work));
  if (used <= 1) {
    used = 1;
    body(std::size_t{0}, n, 0u);
    return;
  }
  const std::size_t step = (n + used - 1) / used;
  run_parts(used, [&](std::size_t t) {
    const std::size_t b = std::min(n, t * step), e = std::min(n, b + step);
    body(b, e, static_cast<unsigned>(t));
  });
}

bool is_single(const Query& q) { return q.flat.size() == 1; }
std::uint32_t symbol0(const Query& q) { return q.flat.empty() ? 0u : q.flat[0]; }

int name_cmp(const std::string& a, const std::string& b) {
  const int c = a.compare(b);
  return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

// itfdf distance of one prediction (pattern_processor.py ensemble step 2-3), with
// sums taken in the order of the sorted dimensions.
double itfdf_distance(const PredictionDraft& d, const Query& q, std::span<const PatternStore* const> stores,
                      double unique_patterns) {
  std::unordered_map<SymbolId, double> prob;  // P(s) for s in matches and missing
  auto add_prob = [&](SymbolId s) {
    if (prob.count(s)) return;
    std::uint64_t pmf = 0;
    for (const PatternStore* st : stores) pmf += st->member_frequency(s);
    prob.emplace(s, static_cast<double>(pmf) / unique_patterns);
  };
  for (SymbolId s : d.matches) add_prob(s);
  for (const auto& ev : d.missing)
    for (SymbolId s : ev) add_prob(s);
  std::unordered_map<SymbolId, std::uint64_t> state_count, present_count;
  for (SymbolId s : q.flat) ++state_count[s];
  for (const auto& ev : d.present)
    for (SymbolId s : ev) ++present_count[s];
  std::vector<SymbolId> dims;
  for (const auto& [s, c] : state_count) dims.push_back(s);
  for (const auto& [s, c] : present_count)
    if (!state_count.count(s)) dims.push_back(s);
  std::sort(dims.begin(), dims.end(), [&](SymbolId a, SymbolId b) { return q.text(a) < q.text(b); });
  double dot = 0.0, ss = 0.0, pp = 0.0;
  for (SymbolId s : dims) {
    auto it = prob.find(s);
    const double p = it == prob.end() ? 0.0 : it->second;
    auto sc = state_count.find(s);
    auto pc = present_count.find(s);
    const double sv = p * static_cast<double>(sc == state_count.end() ? 0 : sc->second);
    const double pv = p * static_cast<double>(pc == present_count.end() ? 0 : pc->second);
    dot += sv * pv;
    ss += sv * sv;
    pp += pv * pv;
  }
  const double state_norm = std::sqrt(ss), present_norm = std::sqrt(pp);
  if (state_norm == 0.0) return 1.0;
  const double norms = state_norm * present_norm;
  const double cosine = norms == 0.0 ? 0.0 : dot / norms;
  return 1.0 - cosine;
}

std::vector<std::string> texts(const std::vector<SymbolId>& ids, const Query& q) {
  std::vector<std::string> out;
  out.reserve(ids.size());
  for (SymbolId s : ids) out.push_back(q.text(s));
  return out;
}

Events texts(const std::vector<std::vector<SymbolId>>& ids, const Query& q) {
  Events out;
  out.reserve(ids.size());
  for (const auto& ev : ids) out.push_back(texts(ev, q));
  return out;
}

}  // namespace

std::vector<Candidate> score_cpu_ref(const PatternStore& store, std::uint32_t tier, const Query& query,
                                     const MatchOptions& options) {
  std::vector<Candidate> out;
  const bool single = is_single(query);
  for (std::size_t p = 0; p < store.size(); ++p) {
    const auto pf = store.flat(p);
    if (single && store.first_symbol(p) != static_cast<std::int64_t>(symbol0(query))) continue;
    const std::uint32_t lcs = lcs_dp(pf, query.flat);
    double sim = 0.0;
    if (evaluate_candidate(single, store.first_symbol(p), symbol0(query), lcs, pf.size() + query.flat.size(),
                           options.threshold, &sim))
      out.push_back({tier, p, lcs, sim});
  }
  return out;
}

std::vector<Candidate> score_cpu_fast(const PatternStore& store, std::uint32_t tier, const Query& query,
                                      const MatchOptions& options, unsigned threads,
                                      std::size_t min_patterns_per_thread) {
  const BitQuery bq = make_bit_query(query);
  const bool single = is_single(query);
  const std::uint32_t s0 = symbol0(query);
  std::vector<std::vector<Candidate>> parts(resolve_threads(threads));
  unsigned used = 0;
  parallel_chunks(store.size(), threads, min_patterns_per_thread, used, [&](std::size_t b, std::size_t e, unsigned t) {
    std::vector<std::uint64_t> v(std::max<std::uint32_t>(bq.words, 1));
    auto& part = parts[t];
    for (std::size_t p = b; p < e; ++p) {
      const std::int64_t first = store.first_symbol(p);
      if (single && first != static_cast<std::int64_t>(s0)) continue;
      const auto pf = store.flat(p);
      const std::uint32_t lcs = lcs_bit_parallel(pf.data(), pf.size(), bq.slot.data(), query.vocab_size,
                                                 bq.pm.data(), bq.m, v.data(), 1);
      double sim = 0.0;
      if (evaluate_candidate(single, first, s0, lcs, pf.size() + bq.m, options.threshold, &sim))
        part.push_back({tier, p, lcs, sim});
    }
  });
  std::vector<Candidate> out;
  for (unsigned t = 0; t < used; ++t) out.insert(out.end(), parts[t].begin(), parts[t].end());
  return out;
}

MatchResult finalize_matches(std::span<const PatternStore* const> stores, const std::vector<Candidate>& candidates,
                             const Query& query, const MatchOptions& options, unsigned threads,
                             std::size_t min_candidates_per_thread) {
  MatchResult result;
  result.candidates = candidates.size();
  const bool single = is_single(query);
  const bool keep_empty = options.threshold <= 0.0;  // KATO: cutoff == 0.0
  std::vector<PredictionDraft> drafts(candidates.size());
  std::vector<char> kept(candidates.size(), 0);
  unsigned used = 0;
  parallel_chunks(candidates.size(), threads, min_candidates_per_thread, used, [&](std::size_t b, std::size_t e, unsigned) {
    for (std::size_t k = b; k < e; ++k) {
      const Candidate& c = candidates[k];
      const PatternStore& st = *stores[c.tier];
      PredictionDraft& d = drafts[k];
      d.tier = c.tier;
      d.index = c.index;
      if (single) {
        build_draft_single(st.flat(c.index), query, c.similarity, d);
        kept[k] = 1;
      } else {
        kept[k] = build_draft_main(st.flat(c.index), st.event_sizes(c.index), query, c.similarity, keep_empty, d);
      }
    }
  });
  std::vector<PredictionDraft*> live;
  for (std::size_t k = 0; k < drafts.size(); ++k)
    if (kept[k]) live.push_back(&drafts[k]);
  auto name_of = [&](const PredictionDraft* d) -> const std::string& { return stores[d->tier]->name(d->index); };
  auto by_key = [&](auto key) {
    return [&, key](const PredictionDraft* a, const PredictionDraft* b) {
      return ranks_before(key(a), key(b), name_cmp(name_of(a), name_of(b)));
    };
  };

  if (!single) {
    // Step 1: prune to 3*max_predictions by the pre-potential.
    const std::size_t prune_to = 3 * options.max_predictions;
    if (live.size() > prune_to) {
      auto pre = [](const PredictionDraft* d) {
        return prune_value(d->evidence, d->confidence, d->snr, d->fragmentation);
      };
      std::partial_sort(live.begin(), live.begin() + static_cast<std::ptrdiff_t>(prune_to), live.end(), by_key(pre));
      live.resize(prune_to);
    }
    // Steps 2-4 and 10: itfdf over the ensemble, then potential.
    std::uint64_t total_patterns = 0;
    for (const PatternStore* st : stores) total_patterns += st->size();
    const double unique = total_patterns == 0 ? 1.0 : static_cast<double>(total_patterns);
    std::uint64_t freq_sum = 0;
    for (const PredictionDraft* d : live) freq_sum += stores[d->tier]->frequency(d->index);
    for (PredictionDraft* d : live) {
      const double distance = itfdf_distance(*d, query, stores, unique);
      const double freq = static_cast<double>(stores[d->tier]->frequency(d->index));
      d->itfdf_similarity = freq_sum == 0 ? 0.0 : 1.0 - (distance * freq) / static_cast<double>(freq_sum);
      d->potential = potential_value(d->evidence, d->confidence, d->snr, d->itfdf_similarity, d->fragmentation);
    }
  }
  auto pot = [](const PredictionDraft* d) { return d->potential; };
  const std::size_t keep = std::min(live.size(), options.max_predictions);
  std::partial_sort(live.begin(), live.begin() + static_cast<std::ptrdiff_t>(keep), live.end(), by_key(pot));
  live.resize(keep);

  for (const PredictionDraft* d : live) {
    const PatternStore& st = *stores[d->tier];
    Prediction p;
    p.name = st.name(d->index);
    p.frequency = st.frequency(d->index);
    p.similarity = d->similarity;
    p.segmented = d->segmented;
    p.aligned = d->aligned;
    p.matches = texts(d->matches, query);
    p.past = texts(d->past, query);
    p.present = texts(d->present, query);
    p.future = texts(d->future, query);
    p.missing = texts(d->missing, query);
    p.extras = texts(d->extras, query);
    p.evidence = d->evidence;
    p.confidence = d->confidence;
    p.snr = d->snr;
    p.fragmentation = d->fragmentation;
    p.itfdf_similarity = d->itfdf_similarity;
    p.potential = d->potential;
    result.predictions.push_back(std::move(p));
  }
  return result;
}

MatchResult match_cpu_ref(const PatternStore& store, const Query& query, const MatchOptions& options) {
  const PatternStore* stores[] = {&store};
  return finalize_matches(stores, score_cpu_ref(store, 0, query, options), query, options, 1);
}

MatchResult match_cpu_fast(const PatternStore& store, const Query& query, const MatchOptions& options,
                           unsigned threads, std::size_t min_patterns_per_thread) {
  const PatternStore* stores[] = {&store};
  return finalize_matches(stores, score_cpu_fast(store, 0, query, options, threads, min_patterns_per_thread), query,
                          options, threads,
                          min_patterns_per_thread < kMinCandidatesPerThread ? min_patterns_per_thread
                                                                            : kMinCandidatesPerThread);
}

WorkCounts work_counts(const PatternStore& store, const Query& query) {
  WorkCounts w;
  w.bytes = store.scan_bytes();
  w.ops = static_cast<std::uint64_t>(store.symbols().size()) * query.flat.size();
  return w;
}

}  // namespace kato
