// Block formats: fp16 conversion, golden blocks built by hand from ggml's block layouts
// (ggml-common.h), exact dequantization of reference-quantized blocks, and quantization error
// bounds.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <random>
#include <vector>

#include "quant_llm/blocks.hpp"
#include "quant_llm/fp16.hpp"
#include "quant_llm/quantize.hpp"

using namespace quant;

namespace {

std::vector<float> cos_data(int n, float offset) {
  std::vector<float> x(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) x[static_cast<std::size_t>(i)] = 0.1f + 2 * std::cos(static_cast<float>(i) + offset);
  return x;
}

const GgmlType kQuantTypes[] = {GgmlType::Q4_0, GgmlType::Q8_0, GgmlType::Q4_K, GgmlType::Q5_K, GgmlType::Q6_K};

}  // namespace

TEST(Fp16, KnownValues) {
  EXPECT_EQ(fp32_to_fp16(1.0f), 0x3C00);
  EXPECT_EQ(fp32_to_fp16(-2.0f), 0xC000);
  EXPECT_EQ(fp32_to_fp16(65504.0f), 0x7BFF);
  EXPECT_EQ(fp32_to_fp16(65520.0f), 0x7C00);  // rounds to +inf
  EXPECT_EQ(fp32_to_fp16(5.9604644775390625e-8f), 0x0001);  // smallest subnormal
  EXPECT_EQ(fp32_to_fp16(2.98023223876953125e-8f), 0x0000);  // half of it: ties to even (0)
  EXPECT_EQ(fp32_to_fp16(std::nanf("")), 0x7E00);
  EXPECT_EQ(fp32_to_fp16(-std::nanf("")), 0xFE00);
  EXPECT_EQ(fp32_to_fp16(1.0f + 1.0f / 2048), 0x3C00);  // tie -> even
  EXPECT_EQ(fp32_to_fp16(1.0f + 3.0f / 2048), 0x3C02);  // tie -> even (up)
  EXPECT_EQ(fp16_to_fp32(0x0001), 5.9604644775390625e-8f);
  EXPECT_EQ(fp16_to_fp32(0x3555), 0.333251953125f);
  EXPECT_TRUE(std::isinf(fp16_to_fp32(0xFC00)) && fp16_to_fp32(0xFC00) < 0);
  EXPECT_EQ(bf16_to_fp32(0x3F80), 1.0f);
  EXPECT_EQ(fp32_to_bf16(1.0f), 0x3F80);
}

TEST(Fp16, RoundTripEveryHalf) {
  for (std::uint32_t h = 0; h < 0x10000; ++h) {
    const float f = fp16_to_fp32(static_cast<std::uint16_t>(h));
    if (std::isnan(f)) continue;
    ASSERT_EQ(fp32_to_fp16(f), h) << std::hex << h;
  }
}

TEST(Q4_0, GoldenBlock) {
  // d = 0.5 (0x3800); qs[j] low nibble j%16, high nibble 15-j%16
  std::uint8_t b[kQ4_0Bytes];
  store_u16(b, 0x3800);
  for (int j = 0; j < 16; ++j) b[2 + j] = static_cast<std::uint8_t>(j | ((15 - j) << 4));
  float y[32];
  dequant_block_q4_0(b, y);
  for (int j = 0; j < 16; ++j) {
    EXPECT_EQ(y[j], (j - 8) * 0.5f);
    EXPECT_EQ(y[j + 16], (15 - j - 8) * 0.5f);
  }
}

TEST(Q4_0, ReferenceQuantizerFacts) {
  std::vector<float> x(32);
  for (int i = 0; i < 32; ++i) x[static_cast<std::size_t>(i)] = static_cast<float>(i) - 10.f;  // max |x| = 21 at i=31
  std::uint8_t b[kQ4_0Bytes];
  quantize_row_q4_0_ref(x.data(), b, 32);
  EXPECT_EQ(fp16_to_fp32(load_u16(b)), fp16_to_fp32(fp32_to_fp16(21.f / -8)));
  EXPECT_EQ(b[2 + 15] >> 4, 0);  // the largest |x| maps to q = 0
  std::vector<float> z(32, 0.f);
  quantize_row_q4_0_ref(z.data(), b, 32);
  EXPECT_EQ(fp16_to_fp32(load_u16(b)), 0.f);  // d = max / -8 = -0
  for (int j = 0; j < 16; ++j) EXPECT_EQ(b[2 + j], 0x88);  // all-zero block: q = 8
}

TEST(Q8_0, GoldenBlockAndRounding) {
  std::vector<float> x(32, 0.f);
  x[0] = 127.f;  // d = 1
  x[1] = 2.5f;   // roundf: half away from zero -> 3
  x[2] = -2.5f;  // -> -3
  x[3] = 0.49f;
  std::uint8_t b[kQ8_0Bytes];
  quantize_row_q8_0_ref(x.data(), b, 32);
  EXPECT_EQ(load_u16(b), 0x3C00);
  EXPECT_EQ(static_cast<std::int8_t>(b[2]), 127);
  EXPECT_EQ(static_cast<std::int8_t>(b[3]), 3);
  EXPECT_EQ(static_cast<std::int8_t>(b[4]), -3);
  EXPECT_EQ(static_cast<std::int8_t>(b[5]), 0);
  float y[32];
  dequant_block_q8_0(b, y);
  EXPECT_EQ(y[0], 127.f);
  EXPECT_EQ(y[1], 3.f);
}

TEST(NearestInt, HalfToEven) {
  EXPECT_EQ(nearest_int(0.5f), 0);
  EXPECT_EQ(nearest_int(1.5f), 2);
  EXPECT_EQ(nearest_int(2.5f), 2);
  EXPECT_EQ(nearest_int(-0.5f), 0);
  EXPECT_EQ(nearest_int(-1.5f), -2);
  EXPECT_EQ(nearest_int(3.7f), 4);
  EXPECT_EQ(nearest_int(-3.7f), -4);
}

TEST(KQuant, ScaleMinPackingRoundTrips) {
  std::mt19937 rng(1);
  for (int trial = 0; trial < 200; ++trial) {
    std::uint8_t sc[8], m[8], s[12];
    for (int j = 0; j < 8; ++j) {
      sc[j] = static_cast<std::uint8_t>(rng() % 64);
      m[j] = static_cast<std::uint8_t>(rng() % 64);
    }
    for (int j = 0; j < 8; ++j) {  // the packing order of quantize_row_q4_K_ref
      if (j < 4) {
        s[j] = sc[j];
        s[j + 4] = m[j];
      } else {
        s[j + 4] = static_cast<std::uint8_t>((sc[j] & 0xF) | ((m[j] & 0xF) << 4));
        s[j - 4] |= static_cast<std::uint8_t>((sc[j] >> 4) << 6);
        s[j] |= static_cast<std::uint8_t>((m[j] >> 4) << 6);
      }
    }
    for (int j = 0; j < 8; ++j) {
      std::uint8_t a, b;
      get_scale_min_k4(j, s, &a, &b);
      ASSERT_EQ(a, sc[j]);
      ASSERT_EQ(b, m[j]);
    }
  }
}

// Independent element formulas written from the K-quant block layouts, compared with the
// block dequantizers on random bytes: every element, exactly.
TEST(KQuant, DequantMatchesElementFormulas) {
  std::mt19937 rng(7);
  for (int trial = 0; trial < 50; ++trial) {
    std::uint8_t b[kQ6_KBytes];
    for (auto& v : b) v = static_cast<std::uint8_t>(rng());
    // keep scales finite: d and dmin small normal halves
    store_u16(b, 0x1400 + static_cast<std::uint16_t>(rng() % 0x400));
    store_u16(b + 2, 0x1000 + static_cast<std::uint16_t>(rng() % 0x400));
    float y[256];
    dequant_block_q4_k(b, y);
    for (int e = 0; e < 256; ++e) {
      const int s = e / 32, g = e / 64, h = s & 1, l = e % 32;
      std::uint8_t sc, m;
      get_scale_min_k4(s, b + 4, &sc, &m);
      const std::uint8_t byte = b[16 + 32 * g + l];
      const int q = h ? byte >> 4 : byte & 0xF;
      const float d1 = fp16_to_fp32(load_u16(b)) * sc, m1 = fp16_to_fp32(load_u16(b + 2)) * m;
      ASSERT_EQ(y[e], d1 * static_cast<float>(q) - m1) << "Q4_K element " << e;
    }
    dequant_block_q5_k(b, y);
    for (int e = 0; e < 256; ++e) {
      const int s = e / 32, g = e / 64, h = s & 1, l = e % 32;
      std::uint8_t sc, m;
      get_scale_min_k4(s, b + 4, &sc, &m);
      const std::uint8_t byte = b[48 + 32 * g + l];
      const int q = (h ? byte >> 4 : byte & 0xF) + 16 * ((b[16 + l] >> s) & 1);
      const float d1 = fp16_to_fp32(load_u16(b)) * sc, m1 = fp16_to_fp32(load_u16(b + 2)) * m;
      ASSERT_EQ(y[e], d1 * static_cast<float>(q) - m1) << "Q5_K element " << e;
    }
    store_u16(b + 208, 0x1400);
    dequant_block_q6_k(b, y);
    for (int e = 0; e < 256; ++e) {
      const int n = e / 128, r = e % 128, t = r / 32, l = r % 32;
      const std::uint8_t lb = b[64 * n + 32 * (t & 1) + l];
      const int nib = t < 2 ? (lb & 0xF) : (lb >> 4);
      const int hi = (b[128 + 32 * n + l] >> (2 * t)) & 3;
      const int q = (nib | (hi << 4)) - 32;
      const float want = (fp16_to_fp32(0x1400) * static_cast<float>(static_cast<std::int8_t>(b[192 + e / 16]))) * q;
      ASSERT_EQ(y[e], want) << "Q6_K element " << e;
    }
  }
}

// ggml test-quantize-fns: total quantization error < 0.002 on 0.1 + 2cos(i), n = 4096.
TEST(Quantize, ErrorWithinGgmlBounds) {
  const auto x = cos_data(4096, 0.f);
  for (GgmlType t : kQuantTypes) {
    const auto q = quantize(t, x, 4096);
    const auto y = dequantize(t, q, 4096);
    EXPECT_LT(ggml_error(x, y), 0.002) << type_name(t);
  }
}

// Quantize->dequantize->quantize is a fixed point for the block-scaled formats whose
// reconstruction is exactly representable (Q8_0, Q4_0): a regression check on determinism.
TEST(Quantize, DeterministicAndRequantStable) {
  const auto x = cos_data(1024, 1.f);
  for (GgmlType t : kQuantTypes) {
    EXPECT_EQ(quantize(t, x, 1024), quantize(t, x, 1024)) << type_name(t);
  }
  for (GgmlType t : {GgmlType::Q8_0}) {
    const auto q1 = quantize(t, x, 1024);
    const auto y = dequantize(t, q1, 1024);
    EXPECT_EQ(quantize(t, y, 1024), q1) << type_name(t);
  }
}

TEST(Quantize, AllZeroAndConstantBlocks) {
  for (GgmlType t : kQuantTypes) {
    std::vector<float> z(256, 0.f), c(256, 0.75f);
    EXPECT_EQ(dequantize(t, quantize(t, z, 256), 256), z) << type_name(t);
    const auto y = dequantize(t, quantize(t, c, 256), 256);
    for (float v : y) EXPECT_NEAR(v, 0.75f, 0.75f / 7) << type_name(t);
  }
}

TEST(Quantize, PlainTypes) {
  const auto x = cos_data(64, 0.f);
  EXPECT_EQ(dequantize(GgmlType::F32, quantize(GgmlType::F32, x, 64), 64), x);
  const auto h = dequantize(GgmlType::F16, quantize(GgmlType::F16, x, 64), 64);
  const auto b = dequantize(GgmlType::BF16, quantize(GgmlType::BF16, x, 64), 64);
  for (std::size_t i = 0; i < x.size(); ++i) {
    EXPECT_NEAR(h[i], x[i], 2.2e-3);
    EXPECT_NEAR(b[i], x[i], 1.7e-2);
  }
}
