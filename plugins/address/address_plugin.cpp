// The `address` workload plugin: Indian postal addresses parsed into twelve fields by one
// integer parser shared by cpu_ref (one thread), cpu_fast (threads over contiguous slices)
// and cuda (one device thread per address). Compute lives in kernels/address; this file
// declares inputs, variants, costs and laws.
#include <memory>
#include <ostream>

#include <crucible/sdk.hpp>

#include "address/batch.hpp"
#include "address/cuda_parser.hpp"
#include "address/generator.hpp"
#include "address/model.hpp"
#include "address/parse_core.hpp"
#include "address_command.hpp"

namespace {

struct ParseInput {
  std::shared_ptr<const address::Batch> batch;
};

std::ostream& operator<<(std::ostream& os, const ParseInput& in) {
  os << "[" << in.batch->size() << " addresses:";
  for (std::size_t i = 0; i < in.batch->size() && i < 20; ++i)
    os << " {\"" << in.batch->text(i) << "\", hint " << in.batch->pin_hints[i] << "}";
  return os << (in.batch->size() > 20 ? " ...]" : "]");
}

const address::ModelView& model() { return address::builtin_model().view(); }

std::shared_ptr<address::Batch> synthetic_batch(std::uint64_t seed, std::size_t n) {
  auto b = std::make_shared<address::Batch>();
  address::Generator gen(address::builtin_gazetteer(), {seed, address::Templates::all, true});
  for (std::size_t i = 0; i < n; ++i) {
    const auto s = gen.next();
    b->add(s.text, s.pin_hint);
  }
  return b;
}

ParseInput make_benchmark_input(const crucible::Params& p, crucible::Rng& rng) {
  return {synthetic_batch(rng.next(), static_cast<std::size_t>(p.integer("addresses")))};
}

// Property inputs: generated addresses mixed with arbitrary bytes (empty, separators only,
// invalid UTF-8, over-long), with hints valid, invalid or absent.
rc::Gen<ParseInput> gen_parse_input() {
  return rc::gen::exec([] {
    auto b = std::make_shared<address::Batch>();
    const auto seed = *rc::gen::arbitrary<std::uint64_t>();
    const int n = *rc::gen::inRange(0, 300);
    address::Generator gen(address::builtin_gazetteer(), {seed, address::Templates::all, *rc::gen::arbitrary<bool>()});
    for (int i = 0; i < n; ++i) {
      const int kind = *rc::gen::inRange(0, 10);
      if (kind < 7) {
        const auto s = gen.next();
        b->add(s.text, kind == 0 ? 0u : s.pin_hint);
      } else if (kind < 9) {
        b->add(*rc::gen::arbitrary<std::string>(), *rc::gen::element<std::uint32_t>(0u, 110001u, 999999u, 123u));
      } else {
        b->add(std::string(static_cast<std::size_t>(*rc::gen::inRange(1000, 1100)), 'a'), 411001u);
      }
    }
    return ParseInput{b};
  });
}

void write(const std::vector<address::ParseResult>& r, crucible::Output& out) { out.write(r); }

std::vector<address::ParseResult> run_ref(const address::Batch& b) {
  std::vector<address::ParseResult> r(b.size());
  address::parse_batch_ref(model(), b, r.data());
  return r;
}

struct DeviceParse : crucible::Fixture<ParseInput> {
  void prepare(const ParseInput& in, const crucible::Context&) override {
    std::string why;
    device = address::CudaParser::create(address::builtin_model(), &why);
    if (!device) throw std::runtime_error("cuda variant unavailable: " + why);
    input = &in;
    results.resize(in.batch->size());
  }
  void run(const crucible::Context& context) override { device->parse(*input->batch, results.data(), context.stream()); }
  void output(crucible::Output& out) override { write(results, out); }
  const ParseInput* input = nullptr;
  std::unique_ptr<address::CudaParser> device;
  std::vector<address::ParseResult> results;
};

}  // namespace

CRUCIBLE_PLUGIN("address", "1.0") {
  plugin.command("address", [](int argc, const char* const* argv) { return address_command(argc, argv); });

  auto& w = plugin.workload<ParseInput>("parse")
                .describe("parse Indian postal addresses into 12 fields (spans into the input)")
                .axis("addresses", {2000}, crucible::AxisDomain::integers(1, 10'000'000))
                .generate(make_benchmark_input)
                .inputs(gen_parse_input)
                .work([](const crucible::Params&, const ParseInput& in) {
                  // Ops are addresses parsed; bytes are the text read and the results written.
                  return crucible::Work{.bytes = static_cast<double>(in.batch->bytes.size() +
                                                                     in.batch->size() * sizeof(address::ParseResult)),
                                        .ops = static_cast<double>(in.batch->size()),
                                        .ops_type = crucible::Ops::other};
                });

  w.variant("cpu_ref", [](const ParseInput& in, crucible::Output& out) { write(run_ref(*in.batch), out); });
  w.variant("cpu_fast", [](const ParseInput& in, crucible::Output& out, const crucible::Context& context) {
     std::vector<address::ParseResult> r(in.batch->size());
     address::parse_batch_fast(model(), *in.batch, r.data(), context.threads());
     write(r, out);
   }).threads();
  w.variant<DeviceParse>("cuda").requires_cuda(8.0).synchronizes();

  w.equal("cpu_fast", "cpu_ref", crucible::bitwise);
  w.equal("cuda", "cpu_ref", crucible::bitwise);

  w.property("results do not depend on how the batch is split or on the thread count", [](const ParseInput& in) {
    const auto& b = *in.batch;
    const auto whole = run_ref(b);
    const std::size_t cut = b.size() ? *rc::gen::inRange<std::size_t>(0, b.size() + 1) : 0;
    std::vector<address::ParseResult> split(b.size());
    address::parse_range(model(), b, cut, b.size(), split.data());
    address::parse_range(model(), b, 0, cut, split.data());
    const auto same = [&](const std::vector<address::ParseResult>& r) {
      return whole.empty() || std::memcmp(r.data(), whole.data(), whole.size() * sizeof(address::ParseResult)) == 0;
    };
    RC_ASSERT(same(split));
    std::vector<address::ParseResult> threaded(b.size());
    address::parse_batch_fast(model(), b, threaded.data(), *rc::gen::inRange(1u, 9u));
    RC_ASSERT(same(threaded));
  });

  w.property("every instruction-set path this CPU runs gives the scalar path's bytes", [](const ParseInput& in) {
    const auto& b = *in.batch;
    const auto whole = run_ref(b);
    for (const auto isa : {address::Isa::avx2, address::Isa::avx512}) {
      if (!address::isa_supported(isa)) continue;
      std::vector<address::ParseResult> r(b.size());
      address::parse_range(model(), b, 0, b.size(), r.data(), isa);
      // Computed before RC_ASSERT: its expression capture evaluates both sides of ||.
      const bool same = whole.empty() || std::memcmp(r.data(), whole.data(), whole.size() * sizeof(address::ParseResult)) == 0;
      RC_ASSERT(same);
    }
  });

  w.property("every field is a span of the input or a flagged inference", [](const ParseInput& in) {
    const auto& b = *in.batch;
    const auto r = run_ref(b);
    const auto& g = address::builtin_gazetteer();
    for (std::size_t i = 0; i < b.size(); ++i) {
      const auto& x = r[i];
      const std::size_t n = b.text(i).size();
      for (int f = 0; f < address::kFields; ++f) RC_ASSERT(x.start[f] + x.len[f] <= n);
      RC_ASSERT((x.district != address::kNoId) == ((x.flags & address::kDistrictInferred) != 0));
      RC_ASSERT((x.state != address::kNoId) == ((x.flags & address::kStateInferred) != 0));
      if (x.flags & address::kDistrictInferred) {
        RC_ASSERT(x.len[address::kDistrict - 1] == 0);
        RC_ASSERT(x.district < g.districts.size());
      }
      if (x.flags & address::kPinInferred) RC_ASSERT(x.pin == b.pin_hints[i]);
      if (x.pin) RC_ASSERT(address::is_known_pin(model(), x.pin, nullptr));
      // Success means a field was found and no error: never "no exception".
      RC_ASSERT(((x.flags & address::kSuccess) != 0) == (x.status == address::kOk));
      if (x.status == address::kOk) {
        bool any = false;
        for (int f = 0; f < address::kFields; ++f) any |= x.len[f] > 0;
        RC_ASSERT(any);
      }
    }
  });
}
