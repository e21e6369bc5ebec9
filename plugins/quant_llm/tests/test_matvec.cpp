// Fused matvec (scalar and AVX2, 1 and 2 threads) against dequantize-then-f32, NMSE < 5e-4
// on random shapes including row counts not a multiple of anything; dispatch
// accounting records the fused path for every quantized type.
#include <gtest/gtest.h>

#include <random>
#include <vector>

#include "quant_llm/matvec.hpp"
#include "quant_llm/quantize.hpp"

using namespace quant;

namespace {

struct Case {
  GgmlType type;
  std::int64_t rows, cols;
  std::vector<std::uint8_t> w;
  std::vector<float> x;
};

Case make_case(GgmlType type, std::int64_t rows, std::int64_t cols, std::uint32_t seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<float> nd(0.f, 1.f);
  std::vector<float> wf(static_cast<std::size_t>(rows * cols));
  for (auto& v : wf) v = nd(rng);
  Case c{type, rows, cols, quantize(type, wf, cols), std::vector<float>(static_cast<std::size_t>(cols))};
  for (auto& v : c.x) v = nd(rng);
  return c;
}

const GgmlType kAll[] = {GgmlType::Q4_0, GgmlType::Q8_0, GgmlType::Q4_K, GgmlType::Q5_K,
                         GgmlType::Q6_K, GgmlType::F32,  GgmlType::F16,  GgmlType::BF16};

}  // namespace

TEST(Matvec, FusedMatchesReference) {
  std::mt19937 rng(99);
  ThreadPool pool(2);
  for (GgmlType t : kAll) {
    for (int trial = 0; trial < 6; ++trial) {
      const std::int64_t blk = block_elems(t) == 1 ? 32 : block_elems(t);
      // At least 16 rows: with int8 activations a single row's NMSE is a ratio of two
      // chi-square(1) variables and exceeds 5e-4 by chance ~20% of the time.
      const std::int64_t rows = 16 + static_cast<std::int64_t>(rng() % 37);
      const std::int64_t cols = blk * (1 + static_cast<std::int64_t>(rng() % 4));
      const auto c = make_case(t, rows, cols, static_cast<std::uint32_t>(rng()));
      const WeightView w{t, cols, rows, c.w.data()};
      std::vector<float> ref(static_cast<std::size_t>(rows)), fused(ref.size()), fused1(ref.size()), scalar(ref.size());
      matvec_ref(w, c.x.data(), ref.data());
      matvec_fused(w, c.x.data(), fused.data(), &pool);
      matvec_fused(w, c.x.data(), fused1.data(), nullptr);
      set_force_scalar(true);
      matvec_fused(w, c.x.data(), scalar.data(), &pool);
      set_force_scalar(false);
      EXPECT_LT(nmse(fused.data(), ref.data(), rows), 5e-4) << type_name(t) << " " << rows << "x" << cols;
      EXPECT_LT(nmse(scalar.data(), ref.data(), rows), 5e-4) << type_name(t);
      EXPECT_EQ(fused, fused1) << "thread count changed the result for " << type_name(t);
      // Much tighter in practice: with f32 activations only the summation order differs; the
      // int8-activation path (Q4_K/Q6_K on AVX2) adds the activation rounding error.
      EXPECT_LT(nmse(scalar.data(), ref.data(), rows), 1e-9) << type_name(t);
      const bool int8 = cpu_has_avx2() && is_quantized(t);
      if (!int8) {
        EXPECT_LT(nmse(fused.data(), ref.data(), rows), 1e-9) << type_name(t);
      }
      if (int8) {
        set_int8_activations(false);
        std::vector<float> f32act(ref.size());
        matvec_fused(w, c.x.data(), f32act.data(), &pool);
        set_int8_activations(true);
        EXPECT_LT(nmse(f32act.data(), ref.data(), rows), 1e-9) << type_name(t);
      }
    }
  }
}

TEST(Matvec, NmseCatchesAWrongKernel) {
  // The check above must be able to fail: a one-element corruption is far above 5e-4.
  const auto c = make_case(GgmlType::Q4_K, 8, 256, 5);
  const WeightView w{GgmlType::Q4_K, 256, 8, c.w.data()};
  std::vector<float> ref(8), fused(8);
  matvec_ref(w, c.x.data(), ref.data());
  matvec_fused(w, c.x.data(), fused.data());
  fused[3] += 10.f * std::fabs(ref[3]) + 1.f;
  EXPECT_GT(nmse(fused.data(), ref.data(), 8), 5e-4);
}

TEST(Matvec, DispatchAccounting) {
  Dispatch d;
  for (GgmlType t : kAll) {
    const auto c = make_case(t, 3, 256, 1);
    const WeightView w{t, 256, 3, c.w.data()};
    std::vector<float> y(3);
    matvec_fused(w, c.x.data(), y.data(), nullptr, &d);
    matvec_fused(w, c.x.data(), y.data(), nullptr, &d);
  }
  EXPECT_EQ(d.fallbacks(), "");
  const auto counts = d.counts();
  EXPECT_EQ(counts.at({GgmlType::Q4_0, cpu_has_avx2() ? MatvecPath::fused_avx2_q8 : MatvecPath::fused_scalar}), 2u);
  EXPECT_EQ(counts.at({GgmlType::Q4_K, cpu_has_avx2() ? MatvecPath::fused_avx2_q8 : MatvecPath::fused_scalar}), 2u);
  EXPECT_EQ(counts.at({GgmlType::F16, MatvecPath::dense_f32}), 2u);
  // A quantized weight on the reference path is a fallback, and is reported as one.
  const auto c = make_case(GgmlType::Q6_K, 2, 256, 2);
  std::vector<float> y(2);
  matvec_ref({GgmlType::Q6_K, 256, 2, c.w.data()}, c.x.data(), y.data(), &d);
  EXPECT_EQ(d.fallbacks(), "Q6_K ran f32_ref 1 times");
  EXPECT_NE(d.summary().find("Q6_K/f32_ref=1"), std::string::npos) << d.summary();
}

TEST(ThreadPool, CoversEveryIndexOnce) {
  ThreadPool pool(3);
  for (std::int64_t n : {0, 1, 2, 3, 7, 100}) {
    std::vector<int> hits(static_cast<std::size_t>(n), 0);
    pool.parallel_for(n, [&](std::int64_t b, std::int64_t e) {
      for (auto i = b; i < e; ++i) ++hits[static_cast<std::size_t>(i)];
    });
    for (int h : hits) EXPECT_EQ(h, 1);
  }
}
