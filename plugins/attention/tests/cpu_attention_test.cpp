// cpu_ref against hand-computed values; cpu_fast (each instruction set this CPU runs: scalar,
// AVX2, AVX-512) against cpu_ref over shapes
// chosen to hit every edge: odd head dims (vector tails), lengths around the 64-key tile, GQA,
// ragged and empty sequences, cross-attention lengths, every mask, adversarial values.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "attention/cpu_fast.hpp"
#include "attention/cpu_ref.hpp"
#include "test_support.hpp"

using namespace attention;
using attention_test::random_values;
using attention_test::rel_error;

namespace {

struct Case {
  Shape shape;
  std::vector<float> q, k, v;
};

Case make_case(Shape shape, std::uint32_t seed, float amplitude = 1.0f) {
  Case c{std::move(shape), {}, {}, {}};
  c.q = random_values(c.shape.q_elements(), seed, amplitude);
  c.k = random_values(c.shape.kv_elements(), seed + 1, amplitude);
  c.v = random_values(c.shape.kv_elements(), seed + 2);
  return c;
}

}  // namespace

TEST(CpuRef, HandComputedTwoKeys) {
  // One query, two keys, head_dim 1, scale 1: weights softmax(q*k) = softmax(1, 2).
  Shape s = self_attention_shape({2}, 1, 1, 1);
  s.scale = 1.0f;
  s.q_offsets = {0, 1};
  const std::vector<float> q{1}, k{1, 2}, v{10, 20};
  const auto o = attention_ref(s, q, k, v);
  const double w1 = std::exp(1.0), w2 = std::exp(2.0);
  ASSERT_EQ(o.size(), 1u);
  EXPECT_NEAR(o[0], (10 * w1 + 20 * w2) / (w1 + w2), 1e-5);
  s.mask.causal = true;  // bottom-right: the one query sits at key position 1, sees both
  EXPECT_EQ(attention_ref(s, q, k, v), o);
}

TEST(CpuRef, CausalFirstRowCopiesFirstValue) {
  const Case c = make_case(self_attention_shape({5}, 2, 1, 4, Mask{true, 0, 1}), 3);
  const auto o = attention_ref(c.shape, c.q, c.k, c.v);
  for (int h = 0; h < 2; ++h) {
    for (int x = 0; x < 4; ++x) EXPECT_FLOAT_EQ(o[static_cast<std::size_t>(h * 4 + x)], c.v[static_cast<std::size_t>(x)]);
  }
}

TEST(CpuRef, RowsWithoutVisibleKeysAreZero) {
  Shape s = self_attention_shape({3}, 1, 1, 2, Mask{true, 0, 1});
  s.q_offsets = {0, 5};  // 5 queries over 3 keys: rows 0 and 1 sit before the first key
  const Case c = make_case(s, 9);
  for (const auto& o : {attention_ref(c.shape, c.q, c.k, c.v), attention_fast(c.shape, c.q, c.k, c.v, 2)}) {
    for (int x = 0; x < 4; ++x) EXPECT_EQ(o[static_cast<std::size_t>(x)], 0.0f);
    EXPECT_NE(o[4], 0.0f);
  }
}

TEST(CpuFast, MatchesRefAcrossShapesMasksAndPaths) {
  const std::vector<std::vector<int>> batches{{1}, {63}, {64}, {65}, {130}, {7, 0, 64, 1}, {33, 100}};
  const std::vector<Mask> masks{{}, {true, 0, 1}, {true, 5, 1}, {true, 70, 1}, {true, 20, 3}, {true, 0, 2}};
  std::uint32_t seed = 100;
  int checked = 0;
  for (Isa isa : {Isa::scalar, Isa::avx2, Isa::avx512}) {
    if (!isa_supported(isa)) continue;
    for (int d : {1, 3, 8, 33, 64, 128}) {
      for (const auto& lengths : batches) {
        for (const auto& mask : masks) {
          for (auto [hq, hk] : {std::pair{2, 2}, std::pair{6, 2}}) {
            if (d > 8 && (hq == 6 || lengths.size() > 2) && mask.window == 5) continue;  // keep it fast
            const Case c = make_case(self_attention_shape(lengths, hq, hk, d, mask), ++seed);
            const auto want = attention_ref(c.shape, c.q, c.k, c.v);
            const auto got = attention_fast(c.shape, c.q, c.k, c.v, 2, isa);
            ASSERT_LT(rel_error(got, want), 1e-5) << isa_name(isa) << " d=" << d << " batch " << lengths.size()
                                                  << " first len " << lengths[0] << " window " << mask.window
                                                  << " dilation " << mask.dilation << " causal " << mask.causal;
            ++checked;
          }
        }
      }
    }
  }
  EXPECT_GT(checked, 500);
}

std::vector<Isa> runnable_isas() {
  std::vector<Isa> out;
  for (Isa isa : {Isa::scalar, Isa::avx2, Isa::avx512}) {
    if (isa_supported(isa)) out.push_back(isa);
  }
  return out;
}

TEST(CpuFast, CrossAttentionLengths) {
  // Queries and keys of different lengths per sequence (bottom-right causal alignment).
  Shape s;
  s.q_heads = 4;
  s.kv_heads = 2;
  s.head_dim = 16;
  s.q_offsets = offsets_from_lengths({1, 10, 70});
  s.k_offsets = offsets_from_lengths({50, 10, 200});
  for (Isa isa : runnable_isas()) {
    for (const Mask& mask : {Mask{}, Mask{true, 0, 1}, Mask{true, 17, 2}}) {
      s.mask = mask;
      const Case c = make_case(s, 77);
      EXPECT_LT(rel_error(attention_fast(c.shape, c.q, c.k, c.v, 3, isa), attention_ref(c.shape, c.q, c.k, c.v)), 1e-5)
          << isa_name(isa);
    }
  }
}

TEST(CpuFast, AdversarialValuesStayWithinTheBound) {
  // Large logits (scores in the hundreds) and a single dominant key.
  Case big = make_case(self_attention_shape({90, 17}, 4, 4, 64, Mask{true, 0, 1}), 5, 8.0f);
  Case dom = make_case(self_attention_shape({100}, 1, 1, 32), 6);
  for (int x = 0; x < 32; ++x) dom.k[static_cast<std::size_t>(40 * 32 + x)] = 50.0f;  // key 40 dominates everything
  for (Isa isa : runnable_isas()) {
    EXPECT_LT(rel_error(attention_fast(big.shape, big.q, big.k, big.v, 2, isa), attention_ref(big.shape, big.q, big.k, big.v)),
              1e-5) << isa_name(isa);
    const auto o = attention_fast(dom.shape, dom.q, dom.k, dom.v, 1, isa);
    EXPECT_LT(rel_error(o, attention_ref(dom.shape, dom.q, dom.k, dom.v)), 1e-5) << isa_name(isa);
    for (float x : o) EXPECT_FALSE(std::isnan(x));
  }
}

TEST(CpuFast, ThreadCountDoesNotChangeBits) {
  // Ragged, GQA, a window that cuts tiles, a dilated mask, and a length past two row blocks.
  for (const Mask& mask : {Mask{true, 40, 1}, Mask{true, 0, 3}, Mask{}}) {
    const Case c = make_case(self_attention_shape({100, 3, 65}, 4, 2, 32, mask), 11);
    for (Isa isa : runnable_isas()) {
      const auto one = attention_fast(c.shape, c.q, c.k, c.v, 1, isa);
      for (unsigned t : {1u, 2u, 3u, 8u}) {
        EXPECT_EQ(attention_fast(c.shape, c.q, c.k, c.v, t, isa), one) << isa_name(isa) << " " << t << " threads";
      }
    }
  }
}

TEST(CpuFast, HiddenKeysChangeNothing) {
  // Causal: keys and values after position i (NaN and huge values included) leave rows <= i
  // bitwise unchanged, on every path; the row block holding row i also holds rows that see them.
  Case c = make_case(self_attention_shape({150}, 2, 1, 40, Mask{true, 0, 1}), 21);
  const int i = 70;
  for (Isa isa : runnable_isas()) {
    const auto before = attention_fast(c.shape, c.q, c.k, c.v, 2, isa);
    Case changed = c;
    for (std::size_t at = static_cast<std::size_t>(i + 1) * 40; at < changed.k.size(); ++at) {
      changed.k[at] = at % 7 == 0 ? NAN : 1e30f;
      changed.v[at] = at % 5 == 0 ? NAN : -1e30f;
    }
    const auto after = attention_fast(changed.shape, changed.q, changed.k, changed.v, 2, isa);
    const std::size_t keep = static_cast<std::size_t>(i + 1) * 2 * 40;
    EXPECT_TRUE(std::equal(before.begin(), before.begin() + static_cast<std::ptrdiff_t>(keep), after.begin()))
        << isa_name(isa);
  }
}

TEST(CpuFast, ForcingAPathThisCpuLacksIsRefused) {
  const Case c = make_case(self_attention_shape({5}, 1, 1, 8), 1);
  for (Isa isa : {Isa::scalar, Isa::avx2, Isa::avx512}) {
    if (isa_supported(isa)) {
      EXPECT_NO_THROW(attention_fast(c.shape, c.q, c.k, c.v, 1, isa));
    } else {
      EXPECT_THROW(attention_fast(c.shape, c.q, c.k, c.v, 1, isa), std::invalid_argument);
    }
  }
}

TEST(Shape, ValidationNamesTheProblem) {
  Shape s = self_attention_shape({4}, 3, 2, 8);
  EXPECT_THROW(s.validate(), std::invalid_argument);  // 3 heads over 2 KV heads
  s = self_attention_shape({4}, 2, 2, 8, Mask{false, 4, 1});
  EXPECT_THROW(s.validate(), std::invalid_argument);  // a window without causal
  s = self_attention_shape({4}, 2, 2, 8);
  EXPECT_THROW(attention_ref(s, std::vector<float>(3), std::vector<float>(64), std::vector<float>(64)),
               std::invalid_argument);
  s.q_offsets = {0, 5, 3};
  s.k_offsets = s.q_offsets;
  EXPECT_THROW(s.validate(), std::invalid_argument);
}

TEST(WorkCounts, CausalHalvesTheFlops) {
  const Shape full = self_attention_shape({128, 128}, 16, 16, 128);
  EXPECT_DOUBLE_EQ(attention_flops(full), 4.0 * 2 * 16 * 128.0 * 128 * 128);
  const Shape causal = self_attention_shape({128, 128}, 16, 16, 128, Mask{true, 0, 1});
  EXPECT_DOUBLE_EQ(attention_flops(causal), attention_flops(full) / 2);
  const Shape window = self_attention_shape({128}, 1, 1, 1, Mask{true, 4, 1});
  EXPECT_DOUBLE_EQ(attention_flops(window), 4.0 * (1 + 2 + 3 + 4.0 * 125));
  EXPECT_DOUBLE_EQ(attention_bytes(full, 2), 2.0 * (2 * 256 * 16 * 128 + 2 * 256 * 16 * 128));
}
