#pragma once
// Workload<Input>: one computation a plugin offers, declared by its author and driven by the
// harness. The author says how to make an input (for benchmarks: from parameters and a seed;
// for properties: a RapidCheck generator, by default RapidCheck's own for the input type), how
// each variant computes, what one run costs (counted from the input), and what laws and
// equivalences hold. The harness owns seeds, timing, digests and processes.
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>
#include <rapidcheck.h>

#include <crucible/arbitrary_input.hpp>
#include <crucible/axis_domain.hpp>
#include <crucible/context.hpp>
#include <crucible/equivalence.hpp>
#include <crucible/fixture.hpp>
#include <crucible/output.hpp>
#include <crucible/params.hpp>
#include <crucible/property_check.hpp>
#include <crucible/requirements.hpp>
#include <crucible/rng.hpp>
#include <crucible/work.hpp>

namespace crucible {

namespace detail {

// A prepared variant: input built, state allocated; run() is the timed part, `work` what one
// run costs.
class Instance {
 public:
  virtual ~Instance() = default;
  virtual void run(const Context& context) = 0;
  virtual const Output& output() = 0;
  virtual const void* input_address() const = 0;  // the prepared Input
  // The input in the workload's export format (Workload::exports), for peer programs.
  void export_input(Output& out) const {
    if (!exporter) throw std::invalid_argument("this workload exports no input (it declares no exports())");
    exporter(out);
  }
  Work work;
  std::function<void(Output&)> exporter;  // set by prepare() when the workload exports
};

class WorkloadBase {
 public:
  explicit WorkloadBase(std::string name) : name_(std::move(name)) {}
  virtual ~WorkloadBase() = default;
  const std::string& name() const { return name_; }
  virtual nlohmann::json describe() const = 0;
  virtual std::unique_ptr<Instance> prepare(const std::string& variant, const Params& params, std::uint64_t seed,
                                            const Context& context) = 0;
  virtual nlohmann::json check_property(const std::string& property, const nlohmann::json& config) = 0;

 private:
  std::string name_;
};

}  // namespace detail

template <class Input>
class Workload : public detail::WorkloadBase {
 public:
  using Generator = std::function<Input(const Params&, Rng&)>;
  using Inputs = std::function<rc::Gen<Input>()>;
  using WorkCount = std::function<Work(const Params&, const Input&)>;
  using Exporter = std::function<void(const Input&, Output&)>;

  // Per variant: how to prepare state from an input (untimed), run it (timed) and read its output.
  struct Variant {
    std::string name;
    std::function<std::unique_ptr<detail::Instance>(Input, const Context&)> make;
    bool threads = false;
    Requirements requirements;
    bool capturable = false;    // run() may be captured into a CUDA graph and replayed
    bool synchronizes = false;  // run() waits for its device work before it returns
  };

  class VariantBuilder {
   public:
    explicit VariantBuilder(Variant& v) : v_(v) {}
    // The variant takes Context::threads() into account: the harness varies it.
    VariantBuilder& threads() { v_.threads = true; return *this; }
    VariantBuilder& requires_cuda(double compute_capability) {
      v_.requirements.cuda_compute_capability = compute_capability;
      return *this;
    }
    // A CPU feature as __builtin_cpu_supports names it ("avx2", "avx512f", "avx512bf16", ...).
    VariantBuilder& requires_isa(std::string isa) { v_.requirements.isa.push_back(std::move(isa)); return *this; }
    VariantBuilder& requires_memory_gib(double gib) { v_.requirements.memory_gib = gib; return *this; }
    // run() only enqueues work on Context::stream() (no host sync, no allocation), so the
    // harness may capture it once into a CUDA graph and time replays ([bench] timing = "graph").
    VariantBuilder& capturable() { v_.capturable = true; return *this; }
    // run() synchronizes with the device before it returns (nvbench's exec_tag::sync): the
    // harness then times each run alone, without batching and without holding the stream.
    VariantBuilder& synchronizes() { v_.synchronizes = true; return *this; }

   private:
    Variant& v_;
  };

  explicit Workload(std::string name) : WorkloadBase(std::move(name)) {}

  Workload& describe(std::string text) { description_ = std::move(text); return *this; }
  // A parameter axis with its default values (a suite may override them) and the values it
  // accepts: the harness refuses a suite value outside `domain` at its file:line:col.
  Workload& axis(std::string name, std::vector<nlohmann::json> values, AxisDomain domain = {}) {
    for (const auto& v : values) {
      if (auto why = domain.reject(v)) throw std::logic_error("axis '" + name + "': default value " + *why);
    }
    axes_.push_back({std::move(name), std::move(values), std::move(domain)});
    return *this;
  }
  // Benchmark and determinism inputs: built from parameters and the harness's seed.
  Workload& generate(Generator generator) { generator_ = std::move(generator); return *this; }
  // Property and equivalence inputs: random and shrinkable. Optional when RapidCheck generates
  // Input itself (see <crucible/arbitrary_input.hpp>).
  Workload& inputs(Inputs inputs) { inputs_ = std::move(inputs); return *this; }
  // What one run costs, counted from the input it runs on: fn(const Params&, const Input&).
  Workload& work(WorkCount count) { work_ = std::move(count); return *this; }

  // How the input is written for a peer program (another library's version of the same job):
  // fn(input, out) writes it in a layout the workload documents, canonically as outputs are.
  // The harness hands it to the peer beside the reference variant's output bytes.
  Workload& exports(Exporter fn) { exporter_ = std::move(fn); return *this; }

  // A stateless variant: fn(input, output) or fn(input, output, context), all of it timed.
  template <class Fn>
  VariantBuilder variant(std::string name, Fn fn) {
    struct Simple : detail::Instance {
      Simple(Input in, Fn f) : input(std::move(in)), fn(std::move(f)) {}
      void run(const Context& context) override {
        out.clear();
        if constexpr (std::is_invocable_v<Fn&, const Input&, Output&, const Context&>) {
          fn(input, out, context);
        } else {
          static_assert(std::is_invocable_v<Fn&, const Input&, Output&>,
                        "a variant is fn(const Input&, Output&) or fn(const Input&, Output&, const Context&)");
          fn(input, out);
        }
      }
      const Output& output() override { return out; }
      const void* input_address() const override { return &input; }
      Input input;
      Fn fn;
      Output out;
    };
    return add_variant(std::move(name), [fn](Input in, const Context&) -> std::unique_ptr<detail::Instance> {
      return std::make_unique<Simple>(std::move(in), fn);
    });
  }

  // A stateful variant (e.g. CUDA): a class derived from Fixture<Input> (<crucible/fixture.hpp>),
  // default-constructible; prepare() is untimed, run() timed, output() reads the result back.
  template <class F>
    requires std::is_base_of_v<Fixture<Input>, F> && std::is_default_constructible_v<F>
  VariantBuilder variant(std::string name) {
    struct Prepared : detail::Instance {
      explicit Prepared(Input in) : input(std::move(in)) {}
      void run(const Context& context) override { fixture.run(context); }
      const Output& output() override {
        out.clear();
        fixture.output(out);
        return out;
      }
      const void* input_address() const override { return &input; }
      const Input input;  // declared before the fixture: it outlives it, as Fixture promises
      F fixture;
      Output out;
    };
    return add_variant(std::move(name), [](Input in, const Context& context) -> std::unique_ptr<detail::Instance> {
      auto prepared = std::make_unique<Prepared>(std::move(in));
      prepared->fixture.prepare(prepared->input, context);
      return prepared;
    });
  }

  // Declares that variant `a` equals variant `b` (usually "cpu_ref") on every generated input.
  Workload& equal(std::string a, std::string b, Equivalence how = bitwise) {
    equivalences_.push_back({std::move(a), std::move(b), how});
    return *this;
  }

  // A law. fn(const Input&) runs on inputs from inputs(); fn(const Input&, const Context&)
  // also gets the check's context: its thread count and the harness-owned stream a law that
  // runs CUDA code must enqueue on. Any other RapidCheck testable (a lambda whose arguments
  // RapidCheck can generate) runs as it is.
  template <class Fn>
  Workload& property(std::string name, Fn fn) {
    if constexpr (std::is_invocable_v<Fn&, const Input&, const Context&>) {
      properties_.emplace_back(std::move(name), [this, fn](const std::string& id, const nlohmann::json& config) {
        auto gen = require_inputs();
        const crucible_run_context raw = detail::run_context_from(config);
        return detail::check_testable(id, [gen, fn, raw] { fn(*gen, Context(&raw)); }, config);
      });
    } else if constexpr (std::is_invocable_v<Fn&, const Input&>) {
      properties_.emplace_back(std::move(name), [this, fn](const std::string& id, const nlohmann::json& config) {
        auto gen = require_inputs();
        return detail::check_testable(id, [gen, fn] { fn(*gen); }, config);
      });
    } else {
      properties_.emplace_back(std::move(name), [fn](const std::string& id, const nlohmann::json& config) {
        return detail::check_testable(id, fn, config);
      });
    }
    return *this;
  }

  // ----- used by the plugin glue -----
  nlohmann::json describe() const override {
    nlohmann::json j;
    j["name"] = name();
    if (!description_.empty()) j["description"] = description_;
    if (exporter_) j["exports_input"] = true;
    j["axes"] = nlohmann::json::object();
    j["axis_order"] = nlohmann::json::array();
    for (const auto& axis : axes_) {
      j["axes"][axis.name] = axis.values;
      j["axis_order"].push_back(axis.name);
      if (auto domain = axis.domain.to_json(); !domain.is_null()) j["axis_domains"][axis.name] = domain;
    }
    j["variants"] = nlohmann::json::array();
    for (const auto& v : variants_) {
      j["variants"].push_back({{"name", v.name}, {"threads", v.threads}, {"requires", v.requirements.to_json()}});
      if (v.capturable) j["variants"].back()["capturable"] = true;
      if (v.synchronizes) j["variants"].back()["synchronizes"] = true;
    }
    j["properties"] = nlohmann::json::array();
    for (const auto& p : properties_) j["properties"].push_back(p.first);
    j["equivalences"] = nlohmann::json::array();
    for (const auto& e : equivalences_) {
      j["equivalences"].push_back({{"name", equivalence_name(e)},
                                   {"variant", e.a},
                                   {"reference", e.b},
                                   {"metric", metric_name(e.how.metric)},
                                   {"tolerance", e.how.tolerance}});
    }
    return j;
  }

  std::unique_ptr<detail::Instance> prepare(const std::string& variant, const Params& params, std::uint64_t seed,
                                            const Context& context) override {
    if (!generator_) throw std::logic_error("workload '" + name() + "' declares no generate()");
    const Variant& v = find_variant(variant);
    Rng rng(seed);
    Input input = generator_(params, rng);
    const Work work = work_ ? work_(params, input) : Work{};
    auto instance = v.make(std::move(input), context);
    instance->work = work;
    if (exporter_) {
      const auto* prepared = static_cast<const Input*>(instance->input_address());
      instance->exporter = [exporter = exporter_, prepared](Output& out) { exporter(*prepared, out); };
    }
    return instance;
  }

  nlohmann::json check_property(const std::string& property, const nlohmann::json& config) override {
    const std::string id = name() + "/" + property;
    for (const auto& [pname, check] : properties_) {
      if (pname == property) return check(id, config);
    }
    for (const auto& e : equivalences_) {
      if (equivalence_name(e) == property) return check_equivalence(id, e, config);
    }
    throw std::invalid_argument("workload '" + name() + "' has no property '" + property + "'");
  }

 private:
  struct Equal {
    std::string a, b;
    Equivalence how;
  };
  static std::string equivalence_name(const Equal& e) { return "equal:" + e.a + "==" + e.b; }

  VariantBuilder add_variant(std::string name, decltype(Variant::make) make) {
    for (const auto& v : variants_) {
      if (v.name == name) throw std::logic_error("variant '" + name + "' declared twice");
    }
    Variant v;
    v.name = std::move(name);
    v.make = std::move(make);
    variants_.push_back(std::move(v));
    return VariantBuilder(variants_.back());
  }
  const Variant& find_variant(const std::string& name) const {
    for (const auto& v : variants_) {
      if (v.name == name) return v;
    }
    throw std::invalid_argument("workload '" + this->name() + "' has no variant '" + name + "'");
  }
  rc::Gen<Input> require_inputs() const {
    if (inputs_) return inputs_();
    if constexpr (has_arbitrary_input<Input>) {
      return rc::gen::arbitrary<Input>();
    } else {
      throw std::logic_error("workload '" + name() +
                             "' declares properties but no inputs() generator, and RapidCheck cannot generate its "
                             "input type by itself");
    }
  }

  // Runs both variants on each generated input, once with one thread and once with the
  // configured thread count, and compares their outputs.
  nlohmann::json check_equivalence(const std::string& id, const Equal& e, const nlohmann::json& config) {
    const Variant& a = find_variant(e.a);
    const Variant& b = find_variant(e.b);
    const crucible_run_context raw = detail::run_context_from(config);
    auto gen = require_inputs();
    return detail::check_testable(
        id,
        [&a, &b, gen, how = e.how, raw] {
          const Input input = *gen;
          const Context context(&raw);
          auto got = a.make(input, context);
          auto want = b.make(input, context);
          got->run(context);
          want->run(context);
          if (auto why = compare(got->output(), want->output(), how)) {
            RC_FAIL(a.name + " vs " + b.name + ": " + *why);
          }
        },
        config);
  }

  std::string description_;
  struct Axis {
    std::string name;
    std::vector<nlohmann::json> values;
    AxisDomain domain;
  };
  std::vector<Axis> axes_;
  Generator generator_;
  Inputs inputs_;
  WorkCount work_;
  Exporter exporter_;
  std::deque<Variant> variants_;  // a deque: VariantBuilder keeps a reference across later additions
  std::vector<Equal> equivalences_;
  std::vector<std::pair<std::string, std::function<nlohmann::json(const std::string&, const nlohmann::json&)>>>
      properties_;
};

}  // namespace crucible
