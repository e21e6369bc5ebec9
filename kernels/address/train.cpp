#include "address/train.hpp"

#include <algorithm>
#include <ostream>
#include <vector>

#include "address/analysis.hpp"
#include "address/generator.hpp"
#include "address/model.hpp"
#include "address/parse_core.hpp"

namespace address {

namespace {

struct Prepared {
  Analysis analysis;
  std::vector<std::uint8_t> gold;
  std::vector<std::vector<std::uint32_t>> rows;  // per token
};

// Perceptron state: current weights w and the running sums u of (update x step), so that the
// average over all steps is w - u / c (the usual lazy-averaging identity).
struct Averaged {
  std::vector<std::int32_t> w;
  std::vector<std::int64_t> u;
  explicit Averaged(std::size_t n) : w(n, 0), u(n, 0) {}
  void add(std::size_t i, std::int32_t d, std::int64_t c) {
    w[i] += d;
    u[i] += d * c;
  }
};

}  // namespace

Weights train(const Gazetteer& g, const TrainOptions& options, std::ostream* log) {
  const Model features(g, Weights{});  // the gazetteer tables; its weights are unused
  Generator gen(g, {options.seed, Templates::training, true});
  std::vector<Prepared> data(static_cast<std::size_t>(options.samples));
  for (auto& p : data) {
    const Sample s = gen.next();
    analyze(features.view(), s.text.data(), static_cast<int>(s.text.size()), s.pin_hint, p.analysis);
    p.gold = s.labels;
    p.gold.resize(static_cast<std::size_t>(p.analysis.n));
    for (int t = 0; t < p.analysis.n; ++t) {
      std::uint32_t rows[kMaxRows];
      const int k = token_rows(p.analysis, t, rows);
      p.rows.emplace_back(rows, rows + k);
    }
  }
  const std::size_t table = static_cast<std::size_t>(kRows) * kLanes;
  Averaged W(table), T(kLanes * kLanes), S(kLanes), E(kLanes);
  std::vector<std::size_t> order(data.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  SplitMix shuffle(options.seed ^ 0x5eedull);
  std::int64_t c = 1;
  std::uint8_t pred[kMaxTokens];
  for (int epoch = 0; epoch < options.epochs; ++epoch) {
    for (std::size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[shuffle.below(static_cast<std::uint32_t>(i))]);
    std::size_t mistakes = 0;
    for (const std::size_t i : order) {
      const Prepared& p = data[i];
      const int n = p.analysis.n;
      if (n == 0) continue;
      decode(p.analysis, W.w.data(), T.w.data(), S.w.data(), E.w.data(), pred);
      bool wrong = false;
      for (int t = 0; t < n; ++t) wrong |= pred[t] != p.gold[static_cast<std::size_t>(t)];
      if (wrong) {
        ++mistakes;
        for (int t = 0; t < n; ++t) {
          const std::uint8_t gl = p.gold[static_cast<std::size_t>(t)], pl = pred[t];
          if (gl != pl)
            for (const std::uint32_t row : p.rows[static_cast<std::size_t>(t)]) {
              W.add(static_cast<std::size_t>(row) * kLanes + gl, 1, c);
              W.add(static_cast<std::size_t>(row) * kLanes + pl, -1, c);
            }
          if (t > 0) {
            const std::uint8_t gp = p.gold[static_cast<std::size_t>(t - 1)], pp = pred[t - 1];
            if (gp != pp || gl != pl) {
              T.add(static_cast<std::size_t>(gp) * kLanes + gl, 1, c);
              T.add(static_cast<std::size_t>(pp) * kLanes + pl, -1, c);
            }
          }
        }
        if (p.gold[0] != pred[0]) {
          S.add(p.gold[0], 1, c);
          S.add(pred[0], -1, c);
        }
        if (p.gold[static_cast<std::size_t>(n - 1)] != pred[n - 1]) {
          E.add(p.gold[static_cast<std::size_t>(n - 1)], 1, c);
          E.add(pred[n - 1], -1, c);
        }
      }
      ++c;
    }
    if (log) *log << "epoch " << epoch + 1 << ": " << mistakes << " of " << data.size() << " addresses wrong\n";
  }
  // Averaged weights times c: A = w * c - u. One scale for all of them maps max |A| to 32000.
  auto scaled = [&](const Averaged& a, std::size_t i) { return static_cast<__int128>(a.w[i]) * c - a.u[i]; };
  __int128 m = 1;
  auto widen = [&](const Averaged& a) {
    for (std::size_t i = 0; i < a.w.size(); ++i) {
      const __int128 v = scaled(a, i);
      m = std::max(m, v < 0 ? -v : v);
    }
  };
  widen(W);
  widen(T);
  widen(S);
  widen(E);
  auto quantise = [&](const Averaged& a, std::vector<std::int16_t>& out) {
    for (std::size_t i = 0; i < a.w.size(); ++i) {
      const __int128 v = scaled(a, i) * 32000;
      const __int128 q = (v >= 0 ? v + m / 2 : v - m / 2) / m;  // round half away from zero
      out[i] = static_cast<std::int16_t>(q);
    }
  };
  Weights out;
  quantise(W, out.table);
  quantise(T, out.trans);
  quantise(S, out.start);
  quantise(E, out.end);
  return out;
}

}  // namespace address
