// An out-of-tree plugin: the dot product of two float vectors, a reference that sums in
// double and a blocked variant that sums in float, declared equal within an absolute tolerance.
#include <cstddef>
#include <vector>

#include <crucible/sdk.hpp>

namespace {

struct Vectors {
  std::vector<float> a, b;
};

Vectors make(const crucible::Params& p, crucible::Rng& rng) {
  Vectors v;
  const auto n = static_cast<std::size_t>(p.integer("n"));
  v.a.resize(n);
  v.b.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    v.a[i] = rng.uniform(-1.f, 1.f);
    v.b[i] = rng.uniform(-1.f, 1.f);
  }
  return v;
}

rc::Gen<Vectors> arbitrary_vectors() {
  return rc::gen::exec([] {
    const auto n = *rc::gen::inRange<std::size_t>(0, 5000);
    Vectors v;
    v.a = *rc::gen::container<std::vector<float>>(n, rc::gen::map(rc::gen::inRange(-1000, 1000), [](int x) { return x / 1000.f; }));
    v.b = *rc::gen::container<std::vector<float>>(n, rc::gen::map(rc::gen::inRange(-1000, 1000), [](int x) { return x / 1000.f; }));
    return v;
  });
}

}  // namespace

CRUCIBLE_PLUGIN("dot", "1.0") {
  auto& w = plugin.workload<Vectors>("dot")
                .describe("dot product of two float vectors")
                .axis("n", {1 << 16}, crucible::AxisDomain::integers(0, 1 << 26))
                .generate(make)
                .inputs(arbitrary_vectors)
                .work([](const crucible::Params&, const Vectors& v) {
                  return crucible::Work{.bytes = 8.0 * static_cast<double>(v.a.size()),
                                        .ops = 2.0 * static_cast<double>(v.a.size()),
                                        .ops_type = crucible::Ops::fp32};
                });
  w.variant("cpu_ref", [](const Vectors& v, crucible::Output& out) {
    double s = 0;
    for (std::size_t i = 0; i < v.a.size(); ++i) s += double(v.a[i]) * v.b[i];
    out.write(static_cast<float>(s));
  });
  w.variant("cpu_blocked", [](const Vectors& v, crucible::Output& out) {
    float lanes[8] = {};
    std::size_t i = 0;
    for (; i + 8 <= v.a.size(); i += 8)
      for (int k = 0; k < 8; ++k) lanes[k] += v.a[i + k] * v.b[i + k];
    float s = 0;
    for (; i < v.a.size(); ++i) s += v.a[i] * v.b[i];
    for (const float l : lanes) s += l;
    out.write(s);
  });
  // Absolute: a dot product near zero makes any relative measure meaningless.
  w.equal("cpu_blocked", "cpu_ref", crucible::within(1e-3, crucible::Metric::max_abs));
}
