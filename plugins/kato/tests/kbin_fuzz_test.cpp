// Bounded seeded-mutation fuzzing of the binary knowledge-base reader (kato::load_binary).
// Inputs: the committed corpus (kbin_corpus/: valid files and crafted ones, e.g. 45 bytes whose
// event count claims four billion events, truncated headers) and synthetic knowledge bases
// written by to_binary, each mutated by byte edits, truncation, spliced regions and counts
// overwritten with boundary values. Every input must either load, and then serialize back to
// the same bytes and answer a query, or be refused with KbError. A crash, a sanitizer report,
// another exception or a refusal of an unmutated valid file fails the test. Fixed seed and
// iteration count; a time cap keeps sanitized builds to a few seconds.
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "kato/kato.hpp"

namespace {

namespace fs = std::filesystem;

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

struct Seed {
  std::string name, bytes;
  bool valid;  // the unmutated file must load
};

std::vector<Seed> corpus() {
  std::vector<Seed> seeds;
  for (const auto& entry : fs::directory_iterator(KBIN_CORPUS)) {
    const std::string name = entry.path().filename().string();
    seeds.push_back({name, slurp(entry.path()), name.rfind("valid_", 0) == 0});
  }
  for (std::uint64_t seed : {1, 2}) {
    kato::SyntheticSpec spec;
    spec.seed = seed;
    spec.patterns = 30;
    spec.vocab_size = 40;
    spec.max_length = 8;
    kato::KnowledgeBase kb = kato::make_synthetic_kb(spec);
    kb.learn({{"VCTR|v", "fresh"}, {"s1"}});  // a pattern in the recent tier too
    seeds.push_back({"synthetic-" + std::to_string(seed), kato::to_binary(kb), true});
  }
  return seeds;
}

void put_le(std::string& s, std::size_t at, std::uint64_t v, int bytes) {
  for (int k = 0; k < bytes && at + k < s.size(); ++k) s[at + k] = static_cast<char>((v >> (8 * k)) & 0xFF);
}

std::string mutate(std::string s, const std::vector<Seed>& seeds, std::mt19937_64& rng) {
  static const std::uint64_t boundary[] = {0, 1, 2, 0x7F, 0xFF, 0xFFFF, 0x7FFFFFFF, 0xFFFFFFFF, 0x100000000,
                                           0x7FFFFFFFFFFFFFFF, ~0ull};
  const int edits = 1 + static_cast<int>(rng() % 3);
  for (int k = 0; k < edits; ++k) {
    if (s.empty()) s = "KATOKB01";
    const std::size_t at = rng() % s.size();
    switch (rng() % 7) {
      case 0: s[at] = static_cast<char>(rng()); break;
      case 1: s[at] = static_cast<char>(s[at] ^ (1 << (rng() % 8))); break;
      case 2: s.erase(at, 1 + rng() % 16); break;
      case 3: s.resize(at); break;
      case 4: {  // a region of another seed spliced in
        const std::string& other = seeds[rng() % seeds.size()].bytes;
        if (!other.empty()) {
          const std::size_t from = rng() % other.size();
          s.insert(at, other.substr(from, 1 + rng() % 32));
        }
        break;
      }
      default:  // a count or length overwritten with a boundary value (4 or 8 bytes)
        put_le(s, at, boundary[rng() % std::size(boundary)], rng() % 2 ? 4 : 8);
        break;
    }
  }
  return s;
}

// Loaded: the same bytes come back, and a query runs over every pattern.
void exercise(const kato::KnowledgeBase& kb, const std::string& bytes, const std::string& what) {
  ASSERT_EQ(kato::to_binary(kb), bytes) << what << ": a loaded file serializes back to other bytes";
  const auto& symbols = kb.vocabulary().symbols();
  kato::Events state;
  for (std::size_t k = 0; k < symbols.size() && k < 6; ++k) state.push_back({symbols[k]});
  if (state.empty()) state.push_back({"absent"});
  const auto q = kato::make_query(kb.vocabulary(), kato::observe_events(state));
  (void)kato::match_kb(kb, q, kato::MatchOptions{0.0, 20}, kato::Variant::cpu_fast, 1);
}

TEST(KbinFuzz, MutationsLoadOrAreRefusedCleanly) {
  const auto seeds = corpus();
  ASSERT_GE(seeds.size(), 10u) << "the corpus " << KBIN_CORPUS << " is missing";
  const fs::path file = fs::temp_directory_path() / ("kbin-fuzz-" + std::to_string(::getpid()) + ".kbin");
  auto load = [&](const std::string& bytes) {
    std::ofstream(file, std::ios::binary | std::ios::trunc) << bytes;
    return kato::load_binary(file.string());
  };
  // The seeds as they are: the valid ones load, the crafted ones are refused.
  for (const auto& seed : seeds) {
    try {
      const auto kb = load(seed.bytes);
      EXPECT_TRUE(seed.valid) << seed.name << " loads but is in the corpus as crafted";
      exercise(kb, seed.bytes, seed.name);
    } catch (const kato::KbError& e) {
      EXPECT_FALSE(seed.valid) << seed.name << ": " << e.what();
    }
  }
  std::mt19937_64 rng(20261203);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(4);
  int iterations = 0, loaded = 0, refused = 0;
  for (; iterations < 20000 && std::chrono::steady_clock::now() < deadline; ++iterations) {
    const Seed& seed = seeds[rng() % seeds.size()];
    const std::string input = mutate(seed.bytes, seeds, rng);
    const std::string what = "iteration " + std::to_string(iterations) + " (from " + seed.name + ")";
    try {
      const auto kb = load(input);
      ++loaded;
      exercise(kb, input, what);
      if (testing::Test::HasFatalFailure()) break;
    } catch (const kato::KbError&) {
      ++refused;
    } catch (const std::exception& e) {
      ADD_FAILURE() << what << ": " << typeid(e).name() << ": " << e.what();
      break;
    }
  }
  fs::remove(file);
  RecordProperty("iterations", iterations);
  EXPECT_GT(loaded, 0) << "no mutation loaded: the mutations never reach a loaded knowledge base";
  EXPECT_GT(refused, 0);
  std::printf("kbin fuzz: %d iterations, %d loaded, %d refused\n", iterations, loaded, refused);
}

}  // namespace
