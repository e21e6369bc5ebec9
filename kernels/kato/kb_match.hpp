#pragma once
// Matching a whole knowledge base: both tiers are scored (the stable tier on the
// device for the cuda variant, the recent tier always on the CPU) and the candidates
// are merged before predictions and ranking, so results never depend on the tiering.
#include "kato/cuda_matcher.hpp"
#include "kato/knowledge_base.hpp"
#include "kato/matcher.hpp"

namespace kato {

enum class Variant { cpu_ref, cpu_fast, cuda };

// `device` is required for Variant::cuda (it is synced to the stable tier first); its work
// goes on `stream` (a cudaStream_t, nullptr = the default stream).
MatchResult match_kb(const KnowledgeBase& kb, const Query& query, const MatchOptions& options, Variant variant,
                     unsigned threads = 0, CudaPatternStore* device = nullptr, void* stream = nullptr);

}  // namespace kato
