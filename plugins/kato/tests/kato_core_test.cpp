// Unit tests of the kato compute library: the per-element (KATO_HD) logic, laws of
// similarity and matching blocks, KATO-specific edge cases, tiers, IO and determinism.
#include <gtest/gtest.h>
#include <atomic>
#include <thread>

#include <bit>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <unistd.h>

#include <crucible/atomic_file.hpp>

#include "kato/kato.hpp"

namespace {

using Ids = std::vector<std::uint32_t>;

Ids random_ids(kato::Rng& rng, std::size_t n, std::uint32_t alphabet) {
  Ids v(n);
  for (auto& x : v) x = static_cast<std::uint32_t>(rng.below(alphabet));
  return v;
}

// lcs_bit_parallel over a plain id sequence treated as the query.
std::uint32_t lcs_bits(const Ids& pattern, const Ids& query) {
  kato::Vocabulary vocab;
  std::uint32_t maxid = 0;
  for (auto x : pattern) maxid = std::max(maxid, x);
  for (auto x : query) maxid = std::max(maxid, x);
  for (std::uint32_t k = 0; k <= maxid; ++k) {
    std::string name(1, 's');
    name.append(std::to_string(k));
    vocab.intern(name);
  }
  kato::Query q;
  q.vocab = &vocab;
  q.vocab_size = vocab.size();
  q.flat = query;
  const auto bq = kato::make_bit_query(q);
  std::vector<std::uint64_t> v(std::max(1u, bq.words));
  return kato::lcs_bit_parallel(pattern.data(), pattern.size(), bq.slot.data(), q.vocab_size, bq.pm.data(), bq.m,
                                v.data(), 1);
}

std::string temp_path(const std::string& leaf) {
  return (std::filesystem::temp_directory_path() / (std::string("kato_core_test_").append(std::to_string(::getpid())).append("_").append(leaf)))
      .string();
}

}  // namespace

TEST(KatoSimilarity, RoundingPitfallOfThePercentPath) {
  // ((2*1/3)*100)/100 is one ulp below 2/3.
  EXPECT_EQ(kato::similarity_main(1, 3), 0.6666666666666665);
  EXPECT_EQ(kato::similarity_plain(1, 3), 0.6666666666666666);
  EXPECT_EQ(kato::similarity_main(0, 0), 0.0);
  EXPECT_EQ(kato::similarity_main(5, 10), 1.0);
}

TEST(KatoSimilarity, LawsOnRandomSequences) {
  kato::Rng rng(7);
  for (int t = 0; t < 400; ++t) {
    const Ids a = random_ids(rng, rng.below(40), 1 + static_cast<std::uint32_t>(rng.below(6)));
    const Ids b = random_ids(rng, rng.below(40), 1 + static_cast<std::uint32_t>(rng.below(6)));
    const auto l_ab = kato::lcs_dp(a, b), l_ba = kato::lcs_dp(b, a);
    ASSERT_EQ(l_ab, l_ba);
    const double s = kato::similarity_main(l_ab, a.size() + b.size());
    ASSERT_GE(s, 0.0);
    ASSERT_LE(s, 1.0);
    ASSERT_EQ(s, kato::similarity_main(l_ba, b.size() + a.size()));
    if (!a.empty()) {
      ASSERT_EQ(kato::similarity_main(kato::lcs_dp(a, a), 2 * a.size()), 1.0);
    }
    // Ratcliff/Obershelp never finds more matches than the LCS, in either order.
    ASSERT_LE(kato::block_total(kato::matching_blocks(a, b)), l_ab);
    ASSERT_LE(kato::block_total(kato::matching_blocks(b, a)), l_ab);
  }
}

TEST(KatoBitParallel, WordStepCarries) {
  std::uint64_t carry = 0;
  // V all ones, match at bit 0: U = 1, V + U overflows the word and carries out.
  const std::uint64_t v = kato::lcs_word_step(~0ull, 1ull, carry);
  EXPECT_EQ(carry, 1u);
  EXPECT_EQ(v, ~0ull - 1ull);  // (0) | (V & ~U)
  carry = 1;
  EXPECT_EQ(kato::lcs_word_step(~0ull, 0ull, carry), ~0ull);  // carry in, no match: sum wraps to 0, OR with V
  EXPECT_EQ(carry, 1u);
}

TEST(KatoBitParallel, EqualsDynamicProgrammingForAnyLength) {
  kato::Rng rng(11);
  for (std::size_t m : {0u, 1u, 2u, 63u, 64u, 65u, 127u, 128u, 129u, 200u, 333u}) {
    for (int t = 0; t < 12; ++t) {
      const std::uint32_t alpha = 1 + static_cast<std::uint32_t>(rng.below(12));
      const Ids q = random_ids(rng, m, alpha);
      const Ids p = random_ids(rng, rng.below(300), alpha);
      ASSERT_EQ(lcs_bits(p, q), kato::lcs_dp(p, q)) << "m=" << m;
    }
  }
}

TEST(KatoMatchingBlocks, RatcliffObershelpIsNotSymmetric) {
  // Ratcliff-Obershelp (difflib's matching blocks) is not symmetric:
  // RO([1,2,0],[0,1,0]) = 2 matched elements, RO([0,1,0],[1,2,0]) = 1.
  EXPECT_EQ(kato::block_total(kato::matching_blocks(Ids{1, 2, 0}, Ids{0, 1, 0})), 2u);
  EXPECT_EQ(kato::block_total(kato::matching_blocks(Ids{0, 1, 0}, Ids{1, 2, 0})), 1u);
  // Ties: the smallest i, then the smallest j.
  const auto blocks = kato::matching_blocks(Ids{5, 5}, Ids{5});
  ASSERT_EQ(blocks.size(), 1u);
  EXPECT_EQ(blocks[0], (kato::Block{0, 0, 1}));
  // Adjacent blocks merge: "abxcd" vs "abcd" -> (0,0,2), (3,2,2).
  const auto b2 = kato::matching_blocks(Ids{0, 1, 9, 2, 3}, Ids{0, 1, 2, 3});
  ASSERT_EQ(b2.size(), 2u);
  EXPECT_EQ(b2[0], (kato::Block{0, 0, 2}));
  EXPECT_EQ(b2[1], (kato::Block{3, 2, 2}));
  const auto ops = kato::opcodes(b2, 5, 4);
  ASSERT_EQ(ops.size(), 3u);
  EXPECT_EQ(ops[1].tag, kato::OpTag::del);
}

TEST(KatoNames, PythonReprAndSha1) {
  EXPECT_EQ(kato::sha1_hex("abc"), "a9993e364706816aba3e25717850c26c9cd0d89d");
  EXPECT_EQ(kato::sha1_hex(""), "da39a3ee5e6b4b0d3255bfef95601890afd80709");
  EXPECT_EQ(kato::python_repr(kato::Events{{"a", "b"}, {"c"}}), "[['a', 'b'], ['c']]");
  EXPECT_EQ(kato::python_repr(std::string("it's")), "\"it's\"");
  EXPECT_EQ(kato::python_repr(std::string("'\"")), "'\\'\"'");
  EXPECT_EQ(kato::python_repr(std::string("a\tb\\\x01\x7f")), "'a\\tb\\\\\\x01\\x7f'");
  EXPECT_EQ(kato::python_repr(std::string("caf\xc3\xa9")), "'caf\xc3\xa9'");
  EXPECT_EQ(kato::python_repr(std::string("\xc2\xa0")), "'\\xa0'");
  EXPECT_EQ(kato::python_repr(kato::Events{}), "[]");
  EXPECT_EQ(kato::python_repr(kato::Events{{}}), "[[]]");
}

TEST(KatoObserve, SortsByCodePointWithVectorsFirst) {
  EXPECT_EQ(kato::observe_event({"b", "x2", "VCTR|z", "A", "x10", "VCTR|a"}),
            (std::vector<std::string>{"VCTR|z", "VCTR|a", "A", "b", "x10", "x2"}));
  EXPECT_EQ(kato::observe_events({{"b", "a"}, {}, {"c"}}).size(), 2u);
}

TEST(KatoObserve, SortOffKeepsTheGivenOrderWithVectorsFirst) {
  const kato::ObserveOptions unsorted{.sort_symbols = false};
  EXPECT_EQ(kato::observe_event({"b", "x2", "VCTR|z", "A", "x10", "VCTR|a"}, unsorted),
            (std::vector<std::string>{"VCTR|z", "VCTR|a", "b", "x2", "A", "x10"}));
  EXPECT_EQ(kato::observe_events({{"b", "a"}, {}, {"c"}}, unsorted), (kato::Events{{"b", "a"}, {"c"}}));
  EXPECT_EQ(kato::observe_events({{"b", "a"}}, kato::ObserveOptions{}), (kato::Events{{"a", "b"}}));
}

// A knowledge base learned with sort_symbols off, queried with it off: patterns and states
// are matched in observed order, as KATO does (names hash the unsorted events).
TEST(KatoMatch, SortOffKnowledgeBaseMatchesInObservedOrder) {
  const kato::ObserveOptions unsorted{.sort_symbols = false};
  kato::KnowledgeBase kb;
  const std::string id = kb.learn(kato::observe_events({{"b", "a"}, {"c"}}, unsorted));
  EXPECT_EQ(id, "PTRN|" + kato::pattern_name({{"b", "a"}, {"c"}}));
  EXPECT_NE(id, "PTRN|" + kato::pattern_name({{"a", "b"}, {"c"}}));
  const auto q = kato::make_query(kb.vocabulary(), kato::observe_events({{"a"}, {"c", "z"}}, unsorted));
  const auto r = kato::match_kb(kb, q, {0.1, 10}, kato::Variant::cpu_fast, 2);
  ASSERT_EQ(r.predictions.size(), 1u);
  const auto& p = r.predictions[0];
  // flat pattern b a c, state a c z: LCS 2; RO block (1, 0, 2); past_flat [b] -> event [b, a]
  // is past but holds the first match, so the tail fix moves it to present.
  EXPECT_EQ(p.similarity, kato::similarity_main(2, 6));
  EXPECT_EQ(p.matches, (std::vector<std::string>{"a", "c"}));
  EXPECT_TRUE(p.past.empty());
  EXPECT_EQ(p.present, (kato::Events{{"b", "a"}, {"c"}}));
  EXPECT_EQ(p.missing, (kato::Events{{"b"}, {}}));
  EXPECT_EQ(p.extras, (kato::Events{{}, {"z"}}));

  // The same event observed unsorted matches the unsorted pattern fully; sorted, it does not.
  kato::KnowledgeBase ba;
  ba.learn(kato::observe_events({{"b", "a"}}, unsorted));
  const auto same = kato::make_query(ba.vocabulary(), kato::observe_events({{"b", "a"}}, unsorted));
  const auto sorted = kato::make_query(ba.vocabulary(), kato::observe_events({{"b", "a"}}));
  EXPECT_EQ(kato::match_kb(ba, same, {0.1, 10}, kato::Variant::cpu_ref).predictions.at(0).similarity, 1.0);
  EXPECT_EQ(kato::match_kb(ba, sorted, {0.1, 10}, kato::Variant::cpu_ref).predictions.at(0).similarity, 0.5);
}

TEST(KatoLearn, KatoRules) {
  kato::KnowledgeBase kb;
  EXPECT_EQ(kb.learn({{"a"}}), "");  // a single symbol is not learned
  const std::string id = kb.learn({{"a", "b"}});
  EXPECT_EQ(id, "PTRN|" + kato::pattern_name({{"a", "b"}}));
  EXPECT_EQ(kb.learn({{"a", "b"}}), id);
  ASSERT_EQ(kb.size(), 1u);
  const auto at = kb.store().find(id.substr(5));
  ASSERT_TRUE(at.has_value());
  EXPECT_EQ(at->tier, kato::Tier::recent);
  EXPECT_EQ(kb.store().recent().frequency(at->index), 2u);
}

TEST(KatoTiers, PromotionAtThresholdAndOnRequest) {
  kato::KnowledgeBase kb(3);
  kb.learn({{"a", "b"}});
  kb.learn({{"a", "c"}});
  EXPECT_EQ(kb.store().recent().size(), 2u);
  kb.learn({{"a", "d"}});  // reaches 3: promoted
  EXPECT_EQ(kb.store().recent().size(), 0u);
  EXPECT_EQ(kb.store().stable().size(), 3u);
  kb.learn({{"x", "y"}});
  EXPECT_EQ(kb.store().promote(), 1u);
  EXPECT_EQ(kb.store().stable().size(), 4u);
  EXPECT_EQ(kb.store().find(kato::pattern_name({{"x", "y"}}))->tier, kato::Tier::stable);
}

TEST(KatoTiers, ResultsDoNotDependOnTheTier) {
  kato::SyntheticSpec spec;
  spec.seed = 3;
  spec.patterns = 300;
  spec.vocab_size = 30;
  kato::KnowledgeBase all = kato::make_synthetic_kb(spec, 0);
  kato::KnowledgeBase partial(100000);
  for (std::size_t p = 0; p < all.store().stable().size(); ++p) {
    const auto& st = all.store().stable();
    kato::Events events;
    for (const auto& ev : st.events(p)) {
      events.emplace_back();
      for (auto s : ev) events.back().push_back(all.vocabulary().text(s));
    }
    if (p % 3 == 0) {
      partial.add_pattern(events, st.frequency(p));
    } else {
      std::vector<std::vector<kato::SymbolId>> ids;
      for (const auto& ev : events) {
        ids.emplace_back();
        for (const auto& s : ev) ids.back().push_back(partial.vocabulary().intern(s));
      }
      partial.store().add_recent(st.name(p), ids, st.frequency(p));
    }
  }
  for (std::uint64_t seed = 1; seed < 20; ++seed) {
    const auto state = kato::make_synthetic_state(all, seed, 2 + seed * 3);
    const kato::MatchOptions opt{seed % 2 ? 0.1 : 0.0, 7};
    const auto a = kato::match_kb(all, kato::make_query(all.vocabulary(), state), opt, kato::Variant::cpu_ref);
    const auto b = kato::match_kb(partial, kato::make_query(partial.vocabulary(), state), opt, kato::Variant::cpu_fast, 3);
    ASSERT_EQ(kato::serialize_predictions(a.predictions), kato::serialize_predictions(b.predictions)) << seed;
    ASSERT_FALSE(a.predictions.empty());
  }
}

TEST(KatoMatch, VariantsAndThreadCountsAgreeBitwise) {
  kato::SyntheticSpec spec;
  spec.seed = 9;
  spec.patterns = 500;
  spec.vocab_size = 40;
  spec.max_length = 90;
  const kato::KnowledgeBase kb = kato::make_synthetic_kb(spec);
  for (std::uint32_t len : {1u, 2u, 10u, 64u, 65u, 230u}) {
    const auto q = kato::make_query(kb.vocabulary(), kato::make_synthetic_state(kb, len, len));
    const kato::MatchOptions opt{0.1, 20};
    const auto want = kato::serialize_predictions(kato::match_cpu_ref(kb.store().stable(), q, opt).predictions);
    for (unsigned t : {1u, 2u, 5u, 16u})
      for (std::size_t min_per_thread : {std::size_t{1}, std::size_t{7}, kato::kMinPatternsPerThread})
        ASSERT_EQ(kato::serialize_predictions(
                      kato::match_cpu_fast(kb.store().stable(), q, opt, t, min_per_thread).predictions),
                  want)
            << "len=" << len << " threads=" << t << " min_per_thread=" << min_per_thread;
  }
}

TEST(KatoMatch, ConcurrentQueriesShareThePoolAndAgree) {
  kato::SyntheticSpec spec;
  spec.seed = 11;
  spec.patterns = 800;
  spec.vocab_size = 30;
  const kato::KnowledgeBase kb = kato::make_synthetic_kb(spec);
  const auto q = kato::make_query(kb.vocabulary(), kato::make_synthetic_state(kb, 3, 20));
  const kato::MatchOptions opt{0.1, 50};
  const auto want = kato::serialize_predictions(kato::match_cpu_ref(kb.store().stable(), q, opt).predictions);
  std::vector<std::string> got(4);
  std::vector<std::thread> callers;
  for (std::size_t c = 0; c < got.size(); ++c)
    callers.emplace_back([&, c] {
      for (int rep = 0; rep < 20; ++rep)
        got[c] = kato::serialize_predictions(kato::match_cpu_fast(kb.store().stable(), q, opt, 3, 1).predictions);
    });
  for (auto& t : callers) t.join();
  for (const auto& g : got) EXPECT_EQ(g, want);
}

TEST(KatoWorkerPool, RunsEveryPartOnceAndRethrows) {
  for (std::size_t parts : {0u, 1u, 2u, 9u}) {
    std::vector<std::atomic<int>> ran(parts);
    kato::run_parts(parts, [&](std::size_t p) { ++ran[p]; });
    for (std::size_t p = 0; p < parts; ++p) EXPECT_EQ(ran[p].load(), 1) << "parts=" << parts << " p=" << p;
  }
  EXPECT_THROW(kato::run_parts(4, [](std::size_t p) { if (p == 3) throw std::runtime_error("part 3"); }),
               std::runtime_error);
  int after = 0;
  kato::run_parts(2, [&](std::size_t p) { if (p == 1) after = 1; });  // still usable
  EXPECT_EQ(after, 1);
}

TEST(KatoMatch, PredictionFieldsOfAHandWorkedExample) {
  kato::KnowledgeBase kb;
  kb.add_pattern({{"a", "b"}, {"c"}, {"d", "e"}}, 2);
  const auto q = kato::make_query(kb.vocabulary(), {{"b"}, {"c", "x"}});
  const auto r = kato::match_kb(kb, q, {0.1, 10}, kato::Variant::cpu_ref);
  ASSERT_EQ(r.predictions.size(), 1u);
  const auto& p = r.predictions[0];
  // flat pattern a b c d e, state b c x: LCS = 2, similarity = ((4/8)*100)/100.
  EXPECT_EQ(p.similarity, 0.5);
  EXPECT_EQ(p.matches, (std::vector<std::string>{"b", "c"}));
  // past_flat = [a] -> event [a,b] is past, but holds the first match: tail fix moves it.
  EXPECT_TRUE(p.past.empty());
  EXPECT_EQ(p.present, (kato::Events{{"a", "b"}, {"c"}}));
  EXPECT_EQ(p.future, (kato::Events{{"d", "e"}}));
  EXPECT_EQ(p.missing, (kato::Events{{"a"}, {}}));
  EXPECT_EQ(p.extras, (kato::Events{{}, {"x"}}));
  EXPECT_EQ(p.evidence, 2.0 / 5.0);
  EXPECT_EQ(p.confidence, 2.0 / 3.0);
  EXPECT_EQ(p.snr, (4.0 - 1.0) / (4.0 + 1.0));
  EXPECT_EQ(p.fragmentation, 0.0);
}

TEST(KatoMatch, ThresholdZeroKeepsPatternsWithoutMatches) {
  kato::KnowledgeBase kb;
  kb.add_pattern({{"a", "b"}}, 1);
  const auto q = kato::make_query(kb.vocabulary(), {{"x", "y"}});
  EXPECT_TRUE(kato::match_kb(kb, q, {0.1, 10}, kato::Variant::cpu_fast, 2).predictions.empty());
  const auto r = kato::match_kb(kb, q, {0.0, 10}, kato::Variant::cpu_fast, 2);
  ASSERT_EQ(r.predictions.size(), 1u);
  EXPECT_EQ(r.predictions[0].fragmentation, -1.0);
  EXPECT_EQ(r.predictions[0].present, (kato::Events{{"a", "b"}}));
}

TEST(KatoMatch, SingleSymbolPathUsesFirstSymbolOnly) {
  kato::KnowledgeBase kb;
  kb.add_pattern({{"a", "b"}, {"c"}}, 1);
  kb.add_pattern({{"b", "c"}}, 1);  // contains b but does not start with it
  kb.add_pattern({{"b"}, {"a"}}, 1);
  const auto q = kato::make_query(kb.vocabulary(), {{"b"}});
  const auto r = kato::match_kb(kb, q, {0.9, 10}, kato::Variant::cpu_fast, 1);
  ASSERT_EQ(r.predictions.size(), 2u);  // threshold ignored on this path
  for (const auto& p : r.predictions) {
    EXPECT_FALSE(p.segmented);
    EXPECT_EQ(p.similarity, 2.0 * 1 / 3);  // no *100/100 on this path
  }
}

TEST(KatoMatch, TieBreakIsNameAscending) {
  kato::KnowledgeBase kb;
  kb.add_pattern({{"a"}, {"b"}}, 1);
  kb.add_pattern({{"b"}, {"a"}}, 1);
  kb.add_pattern({{"a", "b"}}, 1);
  const auto q = kato::make_query(kb.vocabulary(), {{"q"}, {"r"}});
  const auto r = kato::match_kb(kb, q, {0.0, 10}, kato::Variant::cpu_ref);
  ASSERT_EQ(r.predictions.size(), 3u);
  for (std::size_t k = 1; k < r.predictions.size(); ++k) {
    ASSERT_EQ(r.predictions[k - 1].potential, r.predictions[k].potential);
    ASSERT_LT(r.predictions[k - 1].name, r.predictions[k].name);
  }
}

TEST(KatoSynthetic, DeterministicForASeed) {
  kato::SyntheticSpec spec;
  spec.seed = 42;
  spec.patterns = 200;
  const auto a = kato::make_synthetic_kb(spec), b = kato::make_synthetic_kb(spec);
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t p = 0; p < a.store().stable().size(); ++p)
    ASSERT_EQ(a.store().stable().name(p), b.store().stable().name(p));
  spec.seed = 43;
  EXPECT_NE(kato::make_synthetic_kb(spec).store().stable().name(0), a.store().stable().name(0));
  kato::Rng r1(5), r2(5);
  for (int k = 0; k < 100; ++k) ASSERT_EQ(r1.next(), r2.next());
}

TEST(KatoIo, JsonlAndBinaryRoundTrip) {
  kato::SyntheticSpec spec;
  spec.patterns = 100;
  kato::KnowledgeBase kb = kato::make_synthetic_kb(spec);
  kb.learn({{"new", "one"}, {"tail"}});
  const auto jl = temp_path("kb.jsonl"), bin = temp_path("kb.kbin");
  crucible::write_file_atomically(jl, kato::to_jsonl(kb));
  crucible::write_file_atomically(bin, kato::to_binary(kb));
  const auto a = kato::load_jsonl(jl);
  const auto b = kato::load_binary(bin);
  EXPECT_EQ(a.size(), kb.size());
  EXPECT_EQ(b.size(), kb.size());
  EXPECT_EQ(b.store().recent().size(), 1u);  // tiers survive the binary form
  EXPECT_EQ(b.vocabulary().symbols(), kb.vocabulary().symbols());
  const auto state = kato::make_synthetic_state(kb, 1, 8);
  const kato::MatchOptions opt{0.1, 50};
  const auto want = kato::serialize_predictions(
      kato::match_kb(kb, kato::make_query(kb.vocabulary(), state), opt, kato::Variant::cpu_ref).predictions);
  EXPECT_EQ(kato::serialize_predictions(
                kato::match_kb(a, kato::make_query(a.vocabulary(), state), opt, kato::Variant::cpu_fast).predictions),
            want);
  EXPECT_EQ(kato::serialize_predictions(
                kato::match_kb(b, kato::make_query(b.vocabulary(), state), opt, kato::Variant::cpu_fast).predictions),
            want);
  std::filesystem::remove(jl);
  std::filesystem::remove(bin);
}

// Crafted files whose counts promise more than the file holds: refused as truncated before
// anything is sized from the count (an event count of 2^32-1 would ask for 16 GiB).
TEST(KatoIo, CraftedCountsAreRefusedBeforeAllocating) {
  const auto path = temp_path("crafted.kbin");
  auto le = [](std::string& out, std::uint64_t v, int bytes) {
    for (int k = 0; k < bytes; ++k) out.push_back(static_cast<char>((v >> (8 * k)) & 0xFF));
  };
  std::string huge_vocab = "KATOKB01";
  le(huge_vocab, ~std::uint64_t{0}, 8);
  std::string huge_events = "KATOKB01";
  le(huge_events, 1, 8);  // one symbol
  le(huge_events, 1, 4);
  huge_events += "a";
  le(huge_events, 1, 8);  // one stable pattern
  le(huge_events, 1, 4);
  huge_events += "p";
  le(huge_events, 1, 8);           // frequency
  le(huge_events, 0xFFFFFFFFu, 4);  // events
  for (const auto& bytes : {huge_vocab, huge_events}) {
    std::ofstream(path, std::ios::binary) << bytes;
    try {
      kato::load_binary(path);
      FAIL() << "no error";
    } catch (const kato::KbError& e) {
      EXPECT_NE(std::string(e.what()).find("does not fit"), std::string::npos) << e.what();
    }
  }
}

TEST(KatoIo, ErrorsNameFileAndLine) {
  const auto path = temp_path("bad.jsonl");
  {
    std::ofstream(path) << "{\"events\": [[\"a\"]]}\n\n{\"events\": [\"a\"]}\n";
  }
  try {
    kato::load_jsonl(path);
    FAIL() << "no error";
  } catch (const kato::KbError& e) {
    EXPECT_NE(std::string(e.what()).find(path + ":3:"), std::string::npos) << e.what();
  }
  {
    std::ofstream(path) << "{\"events\": [[\"a\"]], \"frequency\": 0}\n";
  }
  EXPECT_THROW(kato::load_jsonl(path), kato::KbError);
  {
    std::ofstream(path) << "not json\n";
  }
  EXPECT_THROW(kato::load_jsonl(path), kato::KbError);
  {
    std::ofstream(path) << "KATOKB01garbage";
  }
  EXPECT_THROW(kato::load_binary(path), kato::KbError);
  std::filesystem::remove(path);
  EXPECT_THROW(kato::load_jsonl(path), kato::KbError);
}

TEST(KatoWork, CountsCellsAndBytes) {
  kato::KnowledgeBase kb;
  kb.add_pattern({{"a", "b"}, {"c"}}, 1);
  kb.add_pattern({{"d", "e"}}, 1);
  const auto q = kato::make_query(kb.vocabulary(), {{"a"}, {"z", "y", "x"}});
  const auto w = kato::work_counts(kb.store().stable(), q);
  EXPECT_EQ(w.ops, (3u + 2u) * 4u);
  EXPECT_EQ(w.bytes, 5u * 4u + 3u * 8u);
}

TEST(KatoCuda, ReportsClearlyWhenUnavailable) {
  std::string why;
  auto dev = kato::CudaPatternStore::create(&why);
  if (!dev) {
    EXPECT_FALSE(why.empty());
  }
}
