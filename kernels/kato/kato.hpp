#pragma once
// Umbrella header of the kato compute library (the pattern-matching core of KATO).
//
// Typical use:
//   kato::KnowledgeBase kb = kato::load_jsonl("kb.jsonl");            // or make_synthetic_kb
//   kato::Query q = kato::make_query(kb.vocabulary(), kato::observe_events(stm));
//   kato::MatchOptions opt{.threshold = 0.1, .max_predictions = 100};
//   kato::MatchResult r = kato::match_kb(kb, q, opt, kato::Variant::cpu_fast, threads);
//   std::string bytes = kato::serialize_predictions(r.predictions);   // for digests
//
// Single-store entry points for benchmarks: match_cpu_ref / match_cpu_fast (matcher.hpp),
// match_cuda with a CudaPatternStore (cuda_matcher.hpp); work_counts() gives the bytes
// and DP cells of a query. Ranking: potential descending, then name ascending (bytes).
#include "kato/bit_parallel_lcs.hpp"
#include "kato/cuda_matcher.hpp"
#include "kato/kb_io.hpp"
#include "kato/kb_match.hpp"
#include "kato/knowledge_base.hpp"
#include "kato/lcs.hpp"
#include "kato/matcher.hpp"
#include "kato/matching_blocks.hpp"
#include "kato/pattern_name.hpp"
#include "kato/prediction.hpp"
#include "kato/query.hpp"
#include "kato/ranking.hpp"
#include "kato/serialize.hpp"
#include "kato/similarity.hpp"
#include "kato/synthetic.hpp"
#include "kato/tiered_store.hpp"
#include "kato/vocabulary.hpp"
#include "kato/worker_pool.hpp"
