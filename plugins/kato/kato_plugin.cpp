// The `kato` workload plugin: KATO's pattern matching (similarity, matching blocks,
// predictions, ranking) over a knowledge base, as cpu_ref (DP LCS), cpu_fast (bit-parallel,
// multithreaded) and cuda (bit-parallel over a device-resident store). Compute lives in
// kernels/kato; this file only declares inputs, variants, costs and laws.
#include <algorithm>
#include <memory>
#include <ostream>

#include <crucible/sdk.hpp>

#include "kato/kato.hpp"
#include "kato_command.hpp"

namespace {

// Synthetic knowledge bases of more patterns than this would take tens of GB to build.
constexpr std::int64_t kMaxBenchmarkPatterns = 20'000'000;

// A generated case, kept readable so that a failing property prints what it ran on.
struct MatchCase {
  std::vector<kato::Events> patterns;
  std::vector<bool> learned;  // true: added by learning (recent tier), false: bulk-loaded (stable tier)
  kato::Events state;
  double threshold = 0.1;
  std::size_t max_predictions = 100;
  bool sort_symbols = true;  // KATO's session option, for patterns and state alike
};

struct MatchInput {
  std::shared_ptr<const MatchCase> source;  // null for benchmark inputs
  std::shared_ptr<kato::KnowledgeBase> kb;
  kato::Query query;
  kato::MatchOptions options;
};

std::ostream& operator<<(std::ostream& os, const kato::Events& events) {
  os << "[";
  for (std::size_t i = 0; i < events.size(); ++i) {
    os << (i ? ", [" : "[");
    for (std::size_t j = 0; j < events[i].size(); ++j) os << (j ? ", " : "") << '"' << events[i][j] << '"';
    os << "]";
  }
  return os << "]";
}

std::ostream& operator<<(std::ostream& os, const MatchInput& in) {
  if (!in.source) return os << "<synthetic knowledge base of " << in.kb->size() << " patterns>";
  os << "{threshold: " << in.source->threshold << ", max_predictions: " << in.source->max_predictions
     << ", sort_symbols: " << (in.source->sort_symbols ? "true" : "false") << ", state: " << in.source->state << ", patterns: [";
  for (std::size_t i = 0; i < in.source->patterns.size(); ++i) {
    os << (i ? ", " : "") << in.source->patterns[i] << (in.source->learned[i] ? " (learned)" : "");
  }
  return os << "]}";
}

// Builds the knowledge base a case describes, observing patterns and state with the case's
// sort_symbols. With `tiers`, learned patterns stay in the recent tier; without, everything
// is bulk-loaded: the two must match identically.
MatchInput build(std::shared_ptr<const MatchCase> c, bool tiers) {
  MatchInput in;
  in.source = c;
  in.kb = std::make_shared<kato::KnowledgeBase>(/*promote_threshold=*/1u << 30);
  const kato::ObserveOptions observe{.sort_symbols = c->sort_symbols};
  for (std::size_t i = 0; i < c->patterns.size(); ++i) {
    const auto events = kato::observe_events(c->patterns[i], observe);
    if (tiers && c->learned[i]) {
      in.kb->learn(events);
    } else {
      std::size_t symbols = 0;
      for (const auto& e : events) symbols += e.size();
      if (symbols > 1) in.kb->add_pattern(events, 1);  // KATO learns nothing shorter
    }
  }
  in.query = kato::make_query(in.kb->vocabulary(), kato::observe_events(c->state, observe));
  in.options = kato::MatchOptions{c->threshold, c->max_predictions};
  return in;
}

std::string predictions_of(const MatchInput& in) {
  return kato::serialize_predictions(kato::match_kb(*in.kb, in.query, in.options, kato::Variant::cpu_ref).predictions);
}

// The case with every event's symbols reversed (the generator has one vector symbol, so
// reversing never reorders distinct vector symbols, which observation keeps in given order).
std::shared_ptr<const MatchCase> reversed_events(const MatchCase& c) {
  auto r = std::make_shared<MatchCase>(c);
  auto flip = [](kato::Events& events) {
    for (auto& ev : events) std::reverse(ev.begin(), ev.end());
  };
  for (auto& p : r->patterns) flip(p);
  flip(r->state);
  return r;
}

rc::Gen<std::string> gen_symbol() {
  // A small alphabet makes matches likely; a few long and non-ASCII names keep names honest.
  return rc::gen::weightedOneOf<std::string>(
      {{8, rc::gen::map(rc::gen::inRange(0, 8), [](int i) { return std::string(1, static_cast<char>('a' + i)); })},
       {1, rc::gen::element<std::string>("VCTR|f00d", "long-symbol-name", "\xc3\xa9t\xc3\xa9", "x y")}});
}
rc::Gen<kato::Events> gen_events(int max_events) {
  return rc::gen::resize(max_events,
                         rc::gen::container<kato::Events>(rc::gen::resize(4, rc::gen::container<std::vector<std::string>>(gen_symbol()))));
}

rc::Gen<MatchInput> gen_match_input() {
  return rc::gen::exec([] {
    auto c = std::make_shared<MatchCase>();
    c->patterns = *rc::gen::resize(12, rc::gen::container<std::vector<kato::Events>>(gen_events(6)));
    c->learned = *rc::gen::container<std::vector<bool>>(c->patterns.size(), rc::gen::arbitrary<bool>());
    c->state = *rc::gen::oneOf(gen_events(8), gen_events(80));  // short states and 200+ symbol ones
    c->threshold = *rc::gen::element(0.0, 0.1, 0.3, 0.6, 1.0);
    c->max_predictions = *rc::gen::element<std::size_t>(1, 3, 100);
    c->sort_symbols = *rc::gen::arbitrary<bool>();
    return build(c, /*tiers=*/true);
  });
}

MatchInput make_benchmark_input(const crucible::Params& p, crucible::Rng& rng) {
  kato::SyntheticSpec spec;
  spec.seed = rng.next();
  spec.patterns = static_cast<std::size_t>(p.integer("patterns"));
  spec.min_length = 5;
  spec.max_length = 50;
  spec.vocab_size = static_cast<std::uint32_t>(p.integer("vocabulary", 5000));
  MatchInput in;
  in.kb = std::make_shared<kato::KnowledgeBase>(kato::make_synthetic_kb(spec));
  const auto state = kato::make_synthetic_state(*in.kb, rng.next(), static_cast<std::uint32_t>(p.integer("query_len")));
  in.query = kato::make_query(in.kb->vocabulary(), state);
  in.options = kato::MatchOptions{p.number("threshold", 0.1), 100};
  return in;
}

void write(const kato::MatchResult& result, crucible::Output& out) {
  out.write(std::string_view(kato::serialize_predictions(result.predictions)));
}

std::vector<std::uint32_t> as_ids(const std::vector<std::uint8_t>& v) { return {v.begin(), v.end()}; }

// The CUDA variant: the knowledge base's stable tier uploaded once, untimed. Each run reads
// the hit count back to size the candidate list, so it synchronizes with the stream.
struct DeviceMatch : crucible::Fixture<MatchInput> {
  void prepare(const MatchInput& in, const crucible::Context&) override {
    std::string why;
    device = kato::CudaPatternStore::create(&why);
    if (!device) throw std::runtime_error("cuda variant unavailable: " + why);
    device->sync(in.kb->store().stable(), in.kb->store().stable_generation());
    input = &in;
  }
  void run(const crucible::Context& context) override {
    // The harness times the stream it hands out (events, L2 flush): the device work goes there.
    result = kato::match_kb(*input->kb, input->query, input->options, kato::Variant::cuda, context.threads(),
                            device.get(), context.stream());
  }
  void output(crucible::Output& out) override { write(result, out); }

  const MatchInput* input = nullptr;
  std::unique_ptr<kato::CudaPatternStore> device;
  kato::MatchResult result;
};

// One query's scan over both tiers: pattern bytes read and LCS DP cells.
crucible::Work match_work(const MatchInput& in) {
  const auto stable = kato::work_counts(in.kb->store().stable(), in.query);
  const auto recent = kato::work_counts(in.kb->store().recent(), in.query);
  // Ops are LCS cells, not FLOPs: no compute peak applies.
  return crucible::Work{.bytes = static_cast<double>(stable.bytes + recent.bytes),
                        .ops = static_cast<double>(stable.ops + recent.ops),
                        .ops_type = crucible::Ops::other};
}

// Learning: a knowledge base of `patterns` and a batch of short-term memories to learn.
struct LearnInput {
  std::shared_ptr<kato::KnowledgeBase> kb;
  std::vector<kato::Events> batch;
};

LearnInput make_learn_input(const crucible::Params& p, crucible::Rng& rng) {
  kato::SyntheticSpec spec;
  spec.seed = rng.next();
  spec.patterns = static_cast<std::size_t>(p.integer("patterns"));
  spec.min_length = 5;
  spec.max_length = 50;
  spec.vocab_size = 5000;
  LearnInput in{std::make_shared<kato::KnowledgeBase>(kato::make_synthetic_kb(spec)), {}};
  for (std::int64_t i = 0; i < p.integer("batch"); ++i) {
    in.batch.push_back(kato::make_synthetic_state(*in.kb, rng.next(), 20, /*noise=*/0.5));
  }
  return in;
}

// The scoring pass alone: the Indel distance |pattern| + |state| - 2 LCS of the state against
// every pattern (stable tier, then recent), one int32 each. It is the job RapidFuzz's
// process.cdist(scorer=Indel.distance) does, so a peer can reproduce it bit for bit.
std::vector<const kato::PatternStore*> stores_of(const MatchInput& in) {
  return {&in.kb->store().stable(), &in.kb->store().recent()};
}

void score_ref(const MatchInput& in, crucible::Output& out) {
  const auto m = static_cast<std::int32_t>(in.query.flat.size());
  for (const auto* store : stores_of(in)) {
    for (std::size_t p = 0; p < store->size(); ++p) {
      const auto pf = store->flat(p);
      out.write(static_cast<std::int32_t>(pf.size()) + m - 2 * static_cast<std::int32_t>(kato::lcs_dp(pf, in.query.flat)));
    }
  }
}

// Bit-parallel LCS over contiguous blocks of patterns, one per pooled thread; each distance lands at
// its pattern's index, so any thread count gives the same bytes.
void score_fast(const MatchInput& in, crucible::Output& out, const crucible::Context& context) {
  const kato::BitQuery bq = kato::make_bit_query(in.query);
  const auto m = static_cast<std::int32_t>(in.query.flat.size());
  for (const auto* store : stores_of(in)) {
    std::vector<std::int32_t> distance(store->size());
    const std::size_t n = store->size();
    const std::size_t parts = std::max<std::size_t>(1, std::min<std::size_t>(context.threads(), n / 4096 + 1));
    auto block = [&](std::size_t part) {
      std::vector<std::uint64_t> v(std::max<std::uint32_t>(bq.words, 1));
      for (std::size_t p = n * part / parts; p < n * (part + 1) / parts; ++p) {
        const auto pf = store->flat(p);
        const std::uint32_t lcs = kato::lcs_bit_parallel(pf.data(), pf.size(), bq.slot.data(), in.query.vocab_size,
                                                         bq.pm.data(), bq.m, v.data(), 1);
        distance[p] = static_cast<std::int32_t>(pf.size()) + m - 2 * static_cast<std::int32_t>(lcs);
      }
    };
    kato::run_parts(parts, block);  // the matchers' worker pool: no thread starts per run
    out.write(distance);
  }
}

// For peers (docs/peers.md), little-endian: u32 state length m, m u32 symbol ids, u64 pattern
// count P, P + 1 u64 offsets into the symbols, then the u32 symbol ids of all patterns.
void export_score_input(const MatchInput& in, crucible::Output& out) {
  out.write(static_cast<std::uint32_t>(in.query.flat.size()));
  out.write(in.query.flat);
  std::vector<std::uint64_t> offsets{0};
  std::vector<kato::SymbolId> symbols;
  for (const auto* store : stores_of(in)) {
    for (std::size_t p = 0; p < store->size(); ++p) {
      const auto pf = store->flat(p);
      symbols.insert(symbols.end(), pf.begin(), pf.end());
      offsets.push_back(symbols.size());
    }
  }
  out.write(static_cast<std::uint64_t>(offsets.size() - 1));
  out.write(offsets);
  out.write(symbols);
}

}  // namespace

CRUCIBLE_PLUGIN("kato", "1.0") {
  plugin.command("kato", [](int argc, const char* const* argv) { return kato_command(argc, argv); });

  auto& w = plugin.workload<MatchInput>("match")
                .describe("similarity of a state against every pattern, predictions, top-k by potential")
                .axis("patterns", {1000, 100000}, crucible::AxisDomain::integers(1, kMaxBenchmarkPatterns))
                .axis("query_len", {30}, crucible::AxisDomain::integers(1, kato::kMaxQuerySymbols))
                .generate(make_benchmark_input)
                .inputs(gen_match_input)
                .work([](const crucible::Params&, const MatchInput& in) { return match_work(in); });

  w.variant("cpu_ref", [](const MatchInput& in, crucible::Output& out) {
    write(kato::match_kb(*in.kb, in.query, in.options, kato::Variant::cpu_ref), out);
  });
  w.variant("cpu_fast", [](const MatchInput& in, crucible::Output& out, const crucible::Context& context) {
     write(kato::match_kb(*in.kb, in.query, in.options, kato::Variant::cpu_fast, context.threads()), out);
   }).threads();
  w.variant<DeviceMatch>("cuda").requires_cuda(8.0).synchronizes();

  w.equal("cpu_fast", "cpu_ref", crucible::bitwise);
  w.equal("cuda", "cpu_ref", crucible::bitwise);

  w.property("results do not depend on the tier holding a pattern", [](const MatchInput& in) {
    const auto flat = build(in.source, /*tiers=*/false);
    const auto tiered = kato::match_kb(*in.kb, in.query, in.options, kato::Variant::cpu_fast, 2);
    const auto bulk = kato::match_kb(*flat.kb, flat.query, flat.options, kato::Variant::cpu_ref);
    RC_ASSERT(kato::serialize_predictions(tiered.predictions) == kato::serialize_predictions(bulk.predictions));
    in.kb->store().promote();  // and after promotion
    const auto promoted = kato::match_kb(*in.kb, in.query, in.options, kato::Variant::cpu_fast, 2);
    RC_ASSERT(kato::serialize_predictions(promoted.predictions) == kato::serialize_predictions(bulk.predictions));
  });
  w.property("with sort_symbols off the state's events keep their observed order", [](const MatchInput& in) {
    RC_PRE(!in.source->sort_symbols);
    std::vector<std::vector<std::string>> want;  // non-empty events; VCTR| symbols moved first, stably
    for (auto ev : in.source->state) {
      if (ev.empty()) continue;
      std::stable_partition(ev.begin(), ev.end(), [](const std::string& s) { return s.starts_with("VCTR|"); });
      want.push_back(ev);
    }
    RC_ASSERT(in.query.events.size() == want.size());
    for (std::size_t e = 0; e < want.size(); ++e) {
      std::vector<std::string> got;
      for (kato::SymbolId id : in.query.events[e]) got.push_back(in.query.text(id));
      RC_ASSERT(got == want[e]);
    }
  });
  w.property("with sort_symbols on, results are the default observation's and ignore symbol order in events",
             [](const MatchInput& in) {
               RC_PRE(in.source->sort_symbols);
               // The default observation, as before the option existed.
               auto flat = std::make_shared<kato::KnowledgeBase>();
               for (const auto& p : in.source->patterns) {
                 const auto events = kato::observe_events(p);
                 std::size_t symbols = 0;
                 for (const auto& e : events) symbols += e.size();
                 if (symbols > 1) flat->add_pattern(events, 1);
               }
               const MatchInput plain{nullptr, flat, kato::make_query(flat->vocabulary(), kato::observe_events(in.source->state)),
                                      in.options};
               const std::string want = predictions_of(build(in.source, /*tiers=*/false));
               RC_ASSERT(predictions_of(plain) == want);
               RC_ASSERT(predictions_of(build(reversed_events(*in.source), /*tiers=*/false)) == want);
             });
  w.property("similarity is symmetric, in [0, 1], and 1 for identical sequences",
             [](const std::vector<std::uint8_t>& a, const std::vector<std::uint8_t>& b) {
               const auto x = as_ids(a), y = as_ids(b);
               const auto lcs = kato::lcs_dp(x, y);
               RC_ASSERT(lcs == kato::lcs_dp(y, x));
               const double s = kato::similarity_main(lcs, x.size() + y.size());
               RC_ASSERT(s >= 0.0);
               RC_ASSERT(s <= 1.0);
               if (!x.empty()) RC_ASSERT(kato::similarity_main(kato::lcs_dp(x, x), 2 * x.size()) == 1.0);
             });
  w.property("the matching-block total never exceeds the LCS length",
             [](const std::vector<std::uint8_t>& a, const std::vector<std::uint8_t>& b) {
               const auto x = as_ids(a), y = as_ids(b);
               RC_ASSERT(kato::block_total(kato::matching_blocks(x, y)) <= kato::lcs_dp(x, y));
             });

  auto& score = plugin.workload<MatchInput>("score")
                    .describe("Indel distance (|p| + |s| - 2 LCS) of a state against every pattern: the scoring pass alone")
                    .axis("patterns", {1000, 100000}, crucible::AxisDomain::integers(1, kMaxBenchmarkPatterns))
                    .axis("query_len", {30}, crucible::AxisDomain::integers(1, kato::kMaxQuerySymbols))
                    .generate(make_benchmark_input)
                    .inputs(gen_match_input)
                    .exports(export_score_input)
                    .work([](const crucible::Params&, const MatchInput& in) { return match_work(in); });
  score.variant("cpu_ref", score_ref);
  score.variant("cpu_fast", score_fast).threads();
  score.equal("cpu_fast", "cpu_ref", crucible::bitwise);

  // Learning latency: KATO's learn() of a batch of short-term memories (name hash, lookup,
  // insertion into the host tier, or a frequency increment for a pattern already known: the
  // first run inserts, later runs increment, as repeated training does).
  auto& learn = plugin.workload<LearnInput>("learn")
                    .describe("learn a batch of short-term memories into a knowledge base")
                    .axis("patterns", {1000, 100000}, crucible::AxisDomain::integers(0, kMaxBenchmarkPatterns))
                    .axis("batch", {100}, crucible::AxisDomain::integers(1, 1'000'000))
                    .generate(make_learn_input)
                    .work([](const crucible::Params&, const LearnInput& in) {
                      // Ops are learned sequences.
                      return crucible::Work{
                          .bytes = 0, .ops = static_cast<double>(in.batch.size()), .ops_type = crucible::Ops::other};
                    });
  learn.variant("cpu", [](const LearnInput& in, crucible::Output& out) {
    for (const auto& stm : in.batch) out.write(std::string_view(in.kb->learn(stm)));
  });
}
