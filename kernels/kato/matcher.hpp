#pragma once
// Matching a state against pattern stores: the scoring pass (variant specific) finds
// the patterns at or above the recall threshold; finalize_matches (shared by every
// variant) builds their predictions, computes the ensemble metrics (itfdf) and ranks
// them. Because finalize only sees (tier, index, lcs, similarity) candidates and
// orders them by (key desc, name asc), every variant, thread count and tier split
// yields the same ranked list, bit for bit.
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "kato/pattern_store.hpp"
#include "kato/prediction.hpp"
#include "kato/query.hpp"

namespace kato {

struct MatchOptions {
  double threshold = 0.1;             // recall_threshold, 0..1
  std::size_t max_predictions = 100;  // 1..10000 in KATO
};

struct MatchResult {
  std::vector<Prediction> predictions;  // ranked, best first
  std::uint64_t candidates = 0;         // patterns that passed the threshold
};

// A scored pattern: which store (tier) and where, with its LCS and similarity.
struct Candidate {
  std::uint32_t tier = 0;
  std::size_t index = 0;
  std::uint32_t lcs = 0;
  double similarity = 0.0;
};

// Threading of cpu_fast: a pass uses at most `threads` threads and gives each at least this
// much work, running on one thread below it. Threads come from a process-wide pool started
// once (worker_pool.hpp), so a query never starts one; still, waking a worker and collecting
// its share costs tens of microseconds, while scoring one pattern costs about 30 ns.
// Measured on a 2-core VM (30-symbol query, 5-50-symbol patterns), always splitting in two:
// 1.05x the 1-thread time at 2,000 patterns, 0.93x at 5,000, 0.74x at 10,000, 0.63x at 20,000.
inline constexpr std::size_t kMinPatternsPerThread = 4'000;
// Building a prediction costs far more than scoring a pattern, so fewer make a share.
inline constexpr std::size_t kMinCandidatesPerThread = 256;

// Scoring passes over one store. Candidates come back in increasing index order.
std::vector<Candidate> score_cpu_ref(const PatternStore& store, std::uint32_t tier, const Query& query,
                                     const MatchOptions& options);
// `threads` == 0 means std::thread::hardware_concurrency(). The candidates are the same
// for any `threads` and `min_patterns_per_thread` (tests lower it to exercise splitting).
std::vector<Candidate> score_cpu_fast(const PatternStore& store, std::uint32_t tier, const Query& query,
                                      const MatchOptions& options, unsigned threads,
                                      std::size_t min_patterns_per_thread = kMinPatternsPerThread);

// Predictions, ensemble metrics and ranking for candidates of `stores` (indexed by
// Candidate::tier). KB-wide symbol statistics are the sums over all stores.
MatchResult finalize_matches(std::span<const PatternStore* const> stores, const std::vector<Candidate>& candidates,
                             const Query& query, const MatchOptions& options, unsigned threads = 1,
                             std::size_t min_candidates_per_thread = kMinCandidatesPerThread);

// Whole queries against a single store.
MatchResult match_cpu_ref(const PatternStore& store, const Query& query, const MatchOptions& options);
// With `min_patterns_per_thread` lowered, predictions are split at most that finely too.
MatchResult match_cpu_fast(const PatternStore& store, const Query& query, const MatchOptions& options,
                           unsigned threads, std::size_t min_patterns_per_thread = kMinPatternsPerThread);

// Work of one query over a store: bytes the scan reads and LCS DP cells.
struct WorkCounts {
  std::uint64_t bytes = 0;  // pattern store bytes touched (symbols + offsets)
  std::uint64_t ops = 0;    // sum over patterns of len(pattern) * len(state)
};
WorkCounts work_counts(const PatternStore& store, const Query& query);

}  // namespace kato
