// Decode's vector operations: the dispatched (AVX2 where present) and the scalar versions agree
// with each other and with the definition, tails (n not a multiple of 8) included.
#include <gtest/gtest.h>

#include <cstdio>
#include <vector>

#include "attention/vector_ops.hpp"
#include "test_support.hpp"

using namespace attention;
using attention_test::random_values;

TEST(VectorOps, DispatchedAndScalarAgree) {
  const VectorOps& fast = vector_ops();
  const VectorOps& slow = scalar_vector_ops();
  std::printf("vector ops in use: %s\n", fast.name);
  for (int d : {1, 5, 8, 17, 64, 72, 128}) {
    const auto a = random_values(static_cast<std::size_t>(d), 1), b = random_values(static_cast<std::size_t>(d), 2);
    double dot = 0;
    for (int i = 0; i < d; ++i) dot += static_cast<double>(a[static_cast<std::size_t>(i)]) * b[static_cast<std::size_t>(i)];
    EXPECT_NEAR(fast.dot(a.data(), b.data(), d), dot, 1e-5);
    EXPECT_NEAR(slow.dot(a.data(), b.data(), d), dot, 1e-5);

    for (const VectorOps* ops : {&fast, &slow}) {
      std::vector<float> y(static_cast<std::size_t>(d), 0.5f);
      ops->axpy(y.data(), 0.25f, a.data(), d);
      for (int i = 0; i < d; ++i) EXPECT_FLOAT_EQ(y[static_cast<std::size_t>(i)], 0.5f + 0.25f * a[static_cast<std::size_t>(i)]) << ops->name;
      ops->scale(y.data(), -2.0f, d);
      for (int i = 0; i < d; ++i) EXPECT_FLOAT_EQ(y[static_cast<std::size_t>(i)], -2.0f * (0.5f + 0.25f * a[static_cast<std::size_t>(i)])) << ops->name;
    }
  }
}
