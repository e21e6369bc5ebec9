// The CPU fast paths' vector operations: the dispatched (AVX2 where present) and the scalar
// versions agree, tails (n not a multiple of 8) included, and exp_shifted is accurate and maps
// hidden keys (-inf) to exactly 0.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "attention/vector_ops.hpp"
#include "test_support.hpp"

using namespace attention;
using attention_test::random_values;

TEST(VectorOps, ExpShiftedIsAccurateAndZeroForHiddenKeys) {
  for (const VectorOps* ops : {&vector_ops(), &scalar_vector_ops()}) {
    for (int n : {1, 7, 8, 13, 64}) {
      std::vector<float> s(static_cast<std::size_t>(n)), p(s.size());
      for (int i = 0; i < n; ++i) s[static_cast<std::size_t>(i)] = -0.37f * static_cast<float>(i * i) + 3.0f;
      s[0] = -INFINITY;
      const float m = 3.5f;
      ops->exp_shifted(s.data(), m, p.data(), n);
      EXPECT_EQ(p[0], 0.0f) << ops->name;
      for (int i = 1; i < n; ++i) {
        const double want = std::exp(static_cast<double>(s[static_cast<std::size_t>(i)]) - m);
        const double got = p[static_cast<std::size_t>(i)];
        if (want < 1e-30) {
          EXPECT_LT(got, 1e-30) << ops->name;  // deep underflow: tiny, never NaN
        } else {
          EXPECT_NEAR(got / want, 1.0, 4e-7) << ops->name << " x=" << s[static_cast<std::size_t>(i)] - m;
        }
      }
    }
  }
}

TEST(VectorOps, DispatchedAndScalarAgree) {
  const VectorOps& fast = vector_ops();
  const VectorOps& slow = scalar_vector_ops();
  std::printf("vector ops in use: %s\n", fast.name);
  for (int d : {1, 5, 8, 17, 64, 72, 128}) {
    const auto a = random_values(static_cast<std::size_t>(d), 1), b = random_values(static_cast<std::size_t>(d), 2);
    EXPECT_NEAR(fast.dot(a.data(), b.data(), d), slow.dot(a.data(), b.data(), d), 1e-5);

    const auto kt = random_values(static_cast<std::size_t>(d) * kTileKeys, 3);
    std::vector<float> s1(kTileKeys), s2(kTileKeys);
    fast.scores_tile(a.data(), kt.data(), d, s1.data());
    slow.scores_tile(a.data(), kt.data(), d, s2.data());
    for (int c = 0; c < kTileKeys; ++c) EXPECT_NEAR(s1[static_cast<std::size_t>(c)], s2[static_cast<std::size_t>(c)], 1e-5);

    const auto v = random_values(static_cast<std::size_t>(d) * 9, 4);
    const auto p = random_values(9, 5);
    std::vector<const float*> rows;
    for (int n = 0; n < 9; ++n) rows.push_back(&v[static_cast<std::size_t>(n * d)]);
    std::vector<float> acc1(static_cast<std::size_t>(d), 0.5f), acc2 = acc1;
    fast.pv_rows(acc1.data(), p.data(), rows.data(), 9, d);
    slow.pv_rows(acc2.data(), p.data(), rows.data(), 9, d);
    for (int x = 0; x < d; ++x) EXPECT_NEAR(acc1[static_cast<std::size_t>(x)], acc2[static_cast<std::size_t>(x)], 1e-5);
    // Against the definition.
    for (int x = 0; x < d; ++x) {
      double want = 0.5;
      for (int n = 0; n < 9; ++n) want += static_cast<double>(p[static_cast<std::size_t>(n)]) * v[static_cast<std::size_t>(n * d + x)];
      EXPECT_NEAR(acc2[static_cast<std::size_t>(x)], want, 1e-5);
    }
  }
}
