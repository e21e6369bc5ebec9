// GPU check: the cuda variant equals cpu_ref bitwise on synthetic knowledge bases
// (long and short queries, both tiers). Exits 77 without a device.
#include <cstdio>
#include <string>

#include "kato/kato.hpp"

int main() {
  std::string why;
  auto device = kato::CudaPatternStore::create(&why);
  if (!device) {
    std::printf("skipped: no CUDA device (%s)\n", why.c_str());
    return 77;
  }
  int failures = 0;
  for (std::uint64_t seed = 1; seed <= 6; ++seed) {
    kato::SyntheticSpec spec;
    spec.seed = seed;
    spec.patterns = 3000;
    spec.vocab_size = 50;
    spec.max_length = seed % 2 ? 20 : 150;
    kato::KnowledgeBase kb = kato::make_synthetic_kb(spec, 0);
    for (int k = 0; k < 40; ++k) kb.learn(kato::make_synthetic_state(kb, seed * 100 + k, 6));
    for (std::uint32_t len : {1u, 5u, 64u, 65u, 300u}) {
      const auto q = kato::make_query(kb.vocabulary(), kato::make_synthetic_state(kb, seed + len, len));
      for (double thr : {0.0, 0.1, 0.4}) {
        const kato::MatchOptions opt{thr, 50};
        const auto a = kato::match_kb(kb, q, opt, kato::Variant::cpu_ref);
        const auto b = kato::match_kb(kb, q, opt, kato::Variant::cuda, 4, device.get());
        if (kato::serialize_predictions(a.predictions) != kato::serialize_predictions(b.predictions) ||
            a.candidates != b.candidates) {
          std::printf("mismatch seed=%llu len=%u thr=%g\n", static_cast<unsigned long long>(seed), len, thr);
          ++failures;
        }
      }
    }
  }
  std::printf("%s\n", failures ? "FAILED" : "ok");
  return failures ? 1 : 0;
}
