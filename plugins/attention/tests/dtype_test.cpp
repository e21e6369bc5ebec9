// fp16 / bf16 rounding: exact encodings of known values, ties to even, subnormals, overflow,
// and a round trip over every 16-bit pattern.
#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>

#include "attention/dtype.hpp"

using namespace attention;

TEST(Dtype, KnownEncodings) {
  EXPECT_EQ(to_f16_bits(1.0f), 0x3C00);
  EXPECT_EQ(to_f16_bits(-2.0f), 0xC000);
  EXPECT_EQ(to_f16_bits(65504.0f), 0x7BFF);
  EXPECT_EQ(to_f16_bits(65520.0f), 0x7C00);           // rounds past the largest half: inf
  EXPECT_EQ(to_f16_bits(std::ldexp(1.0f, -24)), 0x0001);  // smallest subnormal
  EXPECT_EQ(to_f16_bits(std::ldexp(1.0f, -25)), 0x0000);  // half of it: ties to even (0)
  EXPECT_EQ(to_f16_bits(1.0f + std::ldexp(1.0f, -11)), 0x3C00);  // tie: to even
  EXPECT_EQ(to_f16_bits(1.0f + 3 * std::ldexp(1.0f, -11)), 0x3C02);  // tie: to even (up)
  EXPECT_EQ(to_bf16_bits(1.0f), 0x3F80);
  EXPECT_EQ(to_bf16_bits(1.0f + std::ldexp(1.0f, -8)), 0x3F80);   // tie: to even
  EXPECT_EQ(to_bf16_bits(1.0f + 3 * std::ldexp(1.0f, -8)), 0x3F82);
}

TEST(Dtype, EveryHalfRoundTrips) {
  for (unsigned bits = 0; bits < 0x10000; ++bits) {
    const auto h = static_cast<std::uint16_t>(bits);
    const float f = from_f16_bits(h);
    if (std::isnan(f)) continue;
    ASSERT_EQ(to_f16_bits(f), h) << std::hex << bits;
    const float g = from_bf16_bits(h);
    if (!std::isnan(g)) {
      ASSERT_EQ(to_bf16_bits(g), h) << std::hex << bits;
    }
  }
}

TEST(Dtype, RoundingIsNearest) {
  for (float x : {0.1f, -3.3f, 1e-6f, 123.456f, 6e4f}) {
    const float h = round_to(DType::f16, x);
    EXPECT_LE(std::fabs(h - x), std::fabs(x) * std::ldexp(1.0f, -11) * 1.0001f + std::ldexp(1.0f, -25)) << x;
    const float b = round_to(DType::bf16, x);
    EXPECT_LE(std::fabs(b - x), std::fabs(x) * std::ldexp(1.0f, -8) * 1.0001f) << x;
  }
  EXPECT_EQ(round_to(DType::f32, 0.1f), 0.1f);
  EXPECT_THROW(parse_dtype("int8"), std::invalid_argument);
  EXPECT_EQ(parse_dtype("bfloat16"), DType::bf16);
}
