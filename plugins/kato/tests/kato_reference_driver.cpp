// Test driver for kato_reference.py: reads cases (JSON), runs every variant, checks
// they agree bitwise (cpu_ref, cpu_fast at several thread counts, a random split of
// the patterns over the two tiers, cuda when a device exists), and prints the ranked
// predictions plus the names it computed, as JSON, for the script to compare.
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "kato/kato.hpp"

using nlohmann::json;

namespace {

std::vector<std::vector<kato::SymbolId>> intern(kato::Vocabulary& v, const kato::Events& events) {
  std::vector<std::vector<kato::SymbolId>> ids;
  for (const auto& ev : events) {
    ids.emplace_back();
    for (const auto& s : ev) ids.back().push_back(v.intern(s));
  }
  return ids;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: kato_reference_driver CASES.json\n";
    return 2;
  }
  std::ifstream in(argv[1]);
  const json cases = json::parse(in);
  std::string why;
  auto device = kato::CudaPatternStore::create(&why);
  json results = json::array();
  int case_no = 0;
  for (const json& c : cases) {
    const kato::MatchOptions opt{c["threshold"].get<double>(), c["max"].get<std::size_t>()};
    kato::KnowledgeBase kb, split(0);
    json names = json::array();
    std::uint64_t bit = c["split_seed"].get<std::uint64_t>();
    for (const json& p : c["kb"]) {
      const auto events = p["events"].get<kato::Events>();
      const auto freq = p["frequency"].get<std::uint64_t>();
      const std::string name = kb.add_pattern(events, freq);
      names.push_back(name);
      // Same patterns, but about half in the recent tier.
      const auto ids = intern(split.vocabulary(), events);
      bit = bit * 6364136223846793005ull + 1442695040888963407ull;
      if ((bit >> 33) & 1u) split.store().add_recent(name, ids, freq);
      else split.store().add_stable(name, ids, freq);
    }
    const kato::Events state = c["state"].get<kato::Events>();
    const kato::Query q = kato::make_query(kb.vocabulary(), state);
    const kato::Query qs = kato::make_query(split.vocabulary(), state);
    const auto ref = kato::match_kb(kb, q, opt, kato::Variant::cpu_ref);
    const std::string want = kato::serialize_predictions(ref.predictions);
    auto expect_same = [&](const kato::MatchResult& r, const std::string& what) {
      if (kato::serialize_predictions(r.predictions) != want) {
        std::cerr << "case " << case_no << ": " << what << " differs from cpu_ref\n";
        std::exit(1);
      }
    };
    for (unsigned t : {1u, 2u, 3u, 8u}) {
      expect_same(kato::match_kb(kb, q, opt, kato::Variant::cpu_fast, t), "cpu_fast threads=" + std::to_string(t));
      expect_same(kato::match_cpu_fast(kb.store().stable(), q, opt, t), "match_cpu_fast threads=" + std::to_string(t));
    }
    expect_same(kato::match_cpu_ref(kb.store().stable(), q, opt), "match_cpu_ref");
    expect_same(kato::match_kb(split, qs, opt, kato::Variant::cpu_ref), "tier split cpu_ref");
    expect_same(kato::match_kb(split, qs, opt, kato::Variant::cpu_fast, 2), "tier split cpu_fast");
    if (device) {
      expect_same(kato::match_kb(kb, q, opt, kato::Variant::cuda, 2, device.get()), "cuda");
      auto dev2 = kato::CudaPatternStore::create(&why);
      expect_same(kato::match_kb(split, qs, opt, kato::Variant::cuda, 2, dev2.get()), "tier split cuda");
    }
    json out;
    out["names"] = names;
    out["predictions"] = json::parse(kato::predictions_json(ref.predictions, -1));
    results.push_back(std::move(out));
    ++case_no;
  }
  std::cout << results.dump() << '\n';
  std::cerr << "driver: " << case_no << " cases, variants agree" << (device ? " (cuda included)" : " (no cuda: " + why + ")") << '\n';
  return 0;
}
