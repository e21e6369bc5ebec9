#include "kato/kb_match.hpp"

#include <stdexcept>

namespace kato {

MatchResult match_kb(const KnowledgeBase& kb, const Query& query, const MatchOptions& options, Variant variant,
                     unsigned threads, CudaPatternStore* device, void* stream) {
  const PatternStore& stable = kb.store().stable();
  const PatternStore& recent = kb.store().recent();
  const PatternStore* stores[] = {&stable, &recent};
  std::vector<Candidate> cands;
  switch (variant) {
    case Variant::cpu_ref:
      cands = score_cpu_ref(stable, 0, query, options);
      for (auto& c : score_cpu_ref(recent, 1, query, options)) cands.push_back(c);
      break;
    case Variant::cpu_fast:
      cands = score_cpu_fast(stable, 0, query, options, threads);
      for (auto& c : score_cpu_fast(recent, 1, query, options, threads)) cands.push_back(c);
      break;
    case Variant::cuda:
      if (!device) throw std::invalid_argument("kato: the cuda variant needs a CudaPatternStore");
      device->sync(stable, kb.store().stable_generation(), stream);
      cands = device->score(stable, 0, query, options, stream);
      for (auto& c : score_cpu_fast(recent, 1, query, options, threads)) cands.push_back(c);
      break;
  }
  return finalize_matches(stores, cands, query, options, variant == Variant::cpu_ref ? 1 : threads);
}

}  // namespace kato
