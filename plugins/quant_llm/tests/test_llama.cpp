// Synthetic models and the Llama forward pass: the TinyLlama byte budget of each mix,
// deterministic generation, KV-cache decoding equal to full recomputation, no fallback
// from fused kernels, and load errors that name the tensor.
#include <gtest/gtest.h>

#include <cmath>

#include "quant_llm/llama.hpp"
#include "quant_llm/synth.hpp"

using namespace quant;

namespace {
std::uint64_t plan_bytes(const std::string& preset, const std::string& mix) {
  std::uint64_t b = 0;
  for (const auto& t : synth_plan(synth_preset(preset), mix)) b += t.bytes();
  return b;
}
GgufFile tiny(const std::string& mix, std::uint64_t seed = 3, unsigned threads = 1) {
  return GgufFile::from_bytes(synth_llama({"tiny", mix, seed, threads}).to_bytes(), "tiny-" + mix + ".gguf");
}
}  // namespace

TEST(Synth, TinyLlamaByteBudgets) {
  EXPECT_EQ(plan_bytes("tinyllama", "q4_k_m"), 667078656u);  // 636.18 MiB
  EXPECT_EQ(plan_bytes("tinyllama", "q4_0"), 635990016u);
  EXPECT_EQ(plan_bytes("tinyllama", "q8_0"), 1169072128u);
  EXPECT_EQ(plan_bytes("tinyllama", "f16"), 2200281088u);
  const auto plan = synth_plan(synth_preset("tinyllama"), "q4_k_m");
  EXPECT_EQ(plan.size(), 201u);  // 22 x 9 + 3
  int q6 = 0;
  for (const auto& t : plan) q6 += t.type == GgmlType::Q6_K;
  EXPECT_EQ(q6, 21);  // 10 layers x (attn_v, ffn_down) + output
}

TEST(Synth, UseMoreBitsLayers) {
  std::vector<int> got;
  for (int i = 0; i < 22; ++i) {
    if (use_more_bits(i, 22)) got.push_back(i);
  }
  EXPECT_EQ(got, (std::vector<int>{0, 1, 4, 7, 10, 13, 16, 19, 20, 21}));
}

TEST(Synth, DeterministicInSeedAndThreads) {
  const auto a = synth_llama({"tiny", "q4_k_m", 5, 1}).to_bytes();
  const auto b = synth_llama({"tiny", "q4_k_m", 5, 2}).to_bytes();
  const auto c = synth_llama({"tiny", "q4_k_m", 6, 1}).to_bytes();
  EXPECT_EQ(a, b);
  EXPECT_NE(a, c);
  const auto f = GgufFile::from_bytes(a, "tiny.gguf");
  EXPECT_EQ(f.get_int("general.file_type"), 15);
  EXPECT_EQ(f.find("tokenizer.ggml.tokens")->strings.size(), 512u);
  EXPECT_EQ(f.find("tokenizer.ggml.tokens")->strings[3], "<0x00>");
  EXPECT_EQ(f.tensor("blk.1.attn_v.weight").type, GgmlType::Q6_K);  // use_more_bits(1, 2)
  EXPECT_EQ(f.tensor("blk.0.attn_v.weight").type, GgmlType::Q4_K);
  EXPECT_EQ(f.tensor("output.weight").type, GgmlType::Q6_K);
}

TEST(Llama, GenerationIsDeterministicAcrossRunsAndThreads) {
  for (const char* mix : {"q4_k_m", "q4_0", "q8_0", "f16"}) {
    const auto model = LlamaModel::load(tiny(mix));
    LlamaSession s1(model, 64, 1), s2(model, 64, 2), s3(model, 64, 2);
    const std::vector<int> prompt{1, 300, 301, 302, 42};
    const auto a = s1.generate(prompt, 16);
    const auto b = s2.generate(prompt, 16);
    const auto c = s3.generate(prompt, 16);
    EXPECT_EQ(a, b) << mix;
    EXPECT_EQ(b, c) << mix;
    ASSERT_EQ(a.size(), 16u);
    for (int t : a) EXPECT_TRUE(t >= 0 && t < 512);
    EXPECT_EQ(s2.dispatch().fallbacks(), "") << mix;
  }
}

TEST(Llama, KvCacheEqualsFullRecompute) {
  const auto model = LlamaModel::load(tiny("q4_k_m", 11));
  LlamaSession inc(model, 64, 2), full(model, 64, 2);
  std::vector<int> seq{1, 17, 400, 3, 99, 250, 260, 7, 8, 500};
  for (std::size_t n = 1; n <= seq.size(); ++n) {
    const auto& a = inc.forward(seq[n - 1]);
    const auto b = full.forward_full(std::vector<int>(seq.begin(), seq.begin() + static_cast<std::ptrdiff_t>(n)));
    ASSERT_EQ(a.size(), b.size());
    EXPECT_LT(nmse(a.data(), b.data(), static_cast<std::int64_t>(a.size())), 1e-10) << "position " << n - 1;
    EXPECT_EQ(argmax(a), argmax(b));
  }
}

TEST(Llama, LogitsAreFiniteAndVaried) {
  const auto model = LlamaModel::load(tiny("q4_k_m"));
  LlamaSession s(model, 8, 1);
  const auto& l = s.forward(1);
  double sum2 = 0;
  for (float v : l) {
    ASSERT_TRUE(std::isfinite(v));
    sum2 += static_cast<double>(v) * v;
  }
  EXPECT_GT(sum2, 0);
  const auto d = s.dispatch().counts();
  // 2 layers x 7 matvecs + output; Q4_K and Q6_K both fused.
  std::uint64_t total = 0;
  for (const auto& [k, n] : d) {
    EXPECT_TRUE(is_fused(k.second)) << type_name(k.first) << " " << path_name(k.second);
    total += n;
  }
  EXPECT_EQ(total, 15u);
}

TEST(Llama, RopeIsAdjacentPairRotation) {
  std::vector<float> x{1.f, 0.f, 0.f, 1.f};  // one head, hd 4
  rope_norm(x.data(), 1, 4, 4, 1, 10000.f);
  EXPECT_NEAR(x[0], std::cos(1.f), 1e-6);
  EXPECT_NEAR(x[1], std::sin(1.f), 1e-6);
  const float th = std::pow(10000.f, -0.5f);
  EXPECT_NEAR(x[2], -std::sin(th), 1e-6);
  EXPECT_NEAR(x[3], std::cos(th), 1e-6);
}

TEST(Llama, LoadErrorsNameTheProblem) {
  GgufWriter w;
  w.set_string("general.architecture", "gpt2");
  try {
    LlamaModel::load(GgufFile::from_bytes(w.to_bytes(), "m.gguf"));
    FAIL();
  } catch (const GgufError& e) {
    EXPECT_NE(std::string(e.what()).find("'gpt2'"), std::string::npos);
  }
  // A model missing one tensor.
  GgufWriter partial;
  partial.set_string("general.architecture", "llama");
  partial.set_u32("llama.embedding_length", 256);
  partial.set_u32("llama.block_count", 1);
  partial.set_u32("llama.feed_forward_length", 512);
  partial.set_u32("llama.attention.head_count", 4);
  partial.set_f32("llama.attention.layer_norm_rms_epsilon", 1e-5f);
  partial.add_tensor("token_embd.weight", GgmlType::F32, {256, 300}, std::vector<std::uint8_t>(256 * 300 * 4));
  try {
    LlamaModel::load(GgufFile::from_bytes(partial.to_bytes(), "p.gguf"));
    FAIL();
  } catch (const GgufError& e) {
    EXPECT_NE(std::string(e.what()).find("blk.0.attn_norm.weight"), std::string::npos) << e.what();
  }
}
