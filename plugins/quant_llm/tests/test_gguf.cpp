// GGUF reader/writer: round trip, and every way a file can lie must give one GgufError that
// names the file, what is wrong and an offset, never a crash or an out-of-bounds read (the
// tests run under ASan in the asan preset).
#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include <unistd.h>

#include "quant_llm/gguf.hpp"
#include "quant_llm/quantize.hpp"

using namespace quant;

namespace {

std::vector<float> ramp(int n) {
  std::vector<float> x(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) x[static_cast<std::size_t>(i)] = std::sin(0.37f * static_cast<float>(i)) * 3.f;
  return x;
}

GgufWriter sample_writer() {
  GgufWriter w;
  w.set_string("general.architecture", "llama");
  w.set_u32("general.quantization_version", 2);
  w.set_f32("llama.rope.freq_base", 10000.f);
  w.set_bool("tokenizer.ggml.add_bos_token", true);
  w.set_string_array("tokenizer.ggml.tokens", {"<unk>", "<s>", "</s>", "hello"});
  w.set_f32_array("tokenizer.ggml.scores", {0.f, 0.f, 0.f, -1.5f});
  w.set_i32_array("tokenizer.ggml.token_type", {2, 3, 3, 1});
  const auto x = ramp(512);
  w.add_tensor("a.q4_k", GgmlType::Q4_K, {256, 2}, quantize(GgmlType::Q4_K, x, 256));
  w.add_tensor("b.f32", GgmlType::F32, {7}, quantize(GgmlType::F32, std::span(x).subspan(0, 7), 7));
  w.add_tensor("c.q8_0", GgmlType::Q8_0, {64, 4, 1, 1}, quantize(GgmlType::Q8_0, std::span(x).subspan(0, 256), 64));
  return w;
}

void expect_error(const std::vector<std::uint8_t>& bytes, const std::string& fragment) {
  try {
    GgufFile::from_bytes(bytes, "bad.gguf");
    ADD_FAILURE() << "no error; expected one containing '" << fragment << "'";
  } catch (const GgufError& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("bad.gguf: "), std::string::npos) << msg;
    EXPECT_NE(msg.find("offset"), std::string::npos) << msg;
    EXPECT_NE(msg.find(fragment), std::string::npos) << msg;
  }
}

template <class T>
void poke(std::vector<std::uint8_t>& b, std::size_t at, T v) {
  std::memcpy(b.data() + at, &v, sizeof v);
}

// A hand-built file: header, given KV bytes, one tensor info.
struct Raw {
  std::vector<std::uint8_t> b;
  template <class T>
  Raw& put(T v) {
    const auto* p = reinterpret_cast<const std::uint8_t*>(&v);
    b.insert(b.end(), p, p + sizeof v);
    return *this;
  }
  Raw& str(std::string_view s) {
    put<std::uint64_t>(s.size());
    b.insert(b.end(), s.begin(), s.end());
    return *this;
  }
  Raw& header(std::uint64_t n_tensors, std::uint64_t n_kv, std::uint32_t version = 3) {
    return put<std::uint32_t>(kGgufMagic).put(version).put(n_tensors).put(n_kv);
  }
  Raw& tensor(std::string_view name, std::vector<std::uint64_t> ne, std::uint32_t type, std::uint64_t offset) {
    str(name).put<std::uint32_t>(static_cast<std::uint32_t>(ne.size()));
    for (auto d : ne) put(d);
    return put(type).put(offset);
  }
  Raw& pad(std::size_t to) {
    b.resize((b.size() + to - 1) / to * to, 0);
    return *this;
  }
};

}  // namespace

TEST(Gguf, WriteReadRoundTrip) {
  const auto w = sample_writer();
  const auto bytes = w.to_bytes();
  const auto f = GgufFile::from_bytes(bytes, "rt.gguf");
  EXPECT_EQ(f.version(), 3u);
  EXPECT_EQ(f.get_string("general.architecture"), "llama");
  EXPECT_EQ(f.get_int("general.quantization_version"), 2);
  EXPECT_EQ(f.get_float("llama.rope.freq_base"), 10000.0);
  EXPECT_TRUE(f.find("tokenizer.ggml.add_bos_token")->b);
  const auto* toks = f.find("tokenizer.ggml.tokens");
  ASSERT_NE(toks, nullptr);
  ASSERT_EQ(toks->strings.size(), 4u);
  EXPECT_EQ(toks->strings[3], "hello");
  EXPECT_EQ(f.find("tokenizer.ggml.scores")->array_number(3), -1.5);
  EXPECT_EQ(f.find("tokenizer.ggml.token_type")->array_number(0), 2.0);
  ASSERT_EQ(f.tensors().size(), 3u);
  const auto& a = f.tensor("a.q4_k");
  EXPECT_EQ(a.type, GgmlType::Q4_K);
  EXPECT_EQ(a.ne[0], 256);
  EXPECT_EQ(a.ne[1], 2);
  EXPECT_EQ(a.nbytes, 288u);
  EXPECT_EQ(a.offset, 0u);
  EXPECT_EQ(f.tensor("b.f32").offset, 288u);  // align(288) = 288
  EXPECT_EQ(f.tensor("b.f32").n_dims, 1u);
  EXPECT_EQ(f.tensor("c.q8_0").offset, 288u + 32u);  // align(28) = 32
  EXPECT_EQ(f.tensor("c.q8_0").n_dims, 2u);           // trailing 1s dropped
  EXPECT_EQ(f.data_start() % 32, 0u);
  EXPECT_EQ(bytes.size(), f.data_start() + 288 + 32 + 288);  // 272 bytes + 16 padding  // padded after the last tensor too
  const auto x = ramp(512);
  EXPECT_EQ(std::vector<std::uint8_t>(a.data, a.data + a.nbytes), quantize(GgmlType::Q4_K, x, 256));
}

TEST(Gguf, FileOnDiskIsMemoryMapped) {
  const auto path = std::filesystem::temp_directory_path() / ("quant_gguf_test_" + std::to_string(::getpid()) + ".gguf");
  sample_writer().write(path);
  {
    const auto f = GgufFile::open(path);
    EXPECT_EQ(f.tensors().size(), 3u);
    EXPECT_EQ(f.path(), path.string());
  }
  std::filesystem::remove(path);
  EXPECT_THROW(GgufFile::open(path), GgufError);
}

// Every truncation of a valid file is an error, never a crash.
TEST(Gguf, EveryTruncationFailsCleanly) {
  const auto bytes = sample_writer().to_bytes();
  for (std::size_t n = 0; n < bytes.size(); ++n) {
    std::vector<std::uint8_t> cut(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(n));
    try {
      GgufFile::from_bytes(cut, "cut.gguf");
      // the last tensor's trailing padding may be cut without losing data
      ASSERT_GE(n, bytes.size() - 31) << "truncated to " << n << " bytes but accepted";
    } catch (const GgufError& e) {
      ASSERT_NE(std::string(e.what()).find("cut.gguf: "), std::string::npos);
    }
  }
}

// Random bit flips: accepted or one GgufError; any other exception or a crash fails.
TEST(Gguf, BitFlipsFailCleanly) {
  const auto bytes = sample_writer().to_bytes();
  std::mt19937_64 rng(123);
  int errors = 0;
  for (int trial = 0; trial < 3000; ++trial) {
    auto b = bytes;
    const int flips = 1 + static_cast<int>(rng() % 3);
    for (int k = 0; k < flips; ++k) {
      const auto at = rng() % 400;  // the header and infos region
      if (at < b.size()) b[at] ^= static_cast<std::uint8_t>(1u << (rng() % 8));
    }
    try {
      const auto f = GgufFile::from_bytes(b, "flip.gguf");
      for (const auto& t : f.tensors()) {  // touching every byte of accepted tensors must be safe
        volatile std::uint8_t sink = 0;
        for (std::uint64_t i = 0; i < t.nbytes; ++i) sink = sink ^ t.data[i];
      }
    } catch (const GgufError&) {
      ++errors;
    }
  }
  EXPECT_GT(errors, 100);
}

TEST(Gguf, BadMagicAndVersions) {
  auto b = sample_writer().to_bytes();
  auto m = b;
  m[0] = 'X';
  expect_error(m, "not a GGUF file");
  auto v = b;
  poke<std::uint32_t>(v, 4, 0x03000000);
  expect_error(v, "byte-swapped");
  poke<std::uint32_t>(v, 4, 1);
  expect_error(v, "version 1 is no longer supported");
  poke<std::uint32_t>(v, 4, 4);
  expect_error(v, "newer than supported");
  poke<std::uint32_t>(v, 4, 0);
  expect_error(v, "invalid GGUF version 0");
  poke<std::uint32_t>(v, 4, 2);
  EXPECT_NO_THROW(GgufFile::from_bytes(v, "v2.gguf"));  // v2 is accepted
}

TEST(Gguf, LyingCounts) {
  auto b = sample_writer().to_bytes();
  auto t = b;
  poke<std::uint64_t>(t, 8, 1ull << 40);
  expect_error(t, "tensor count");
  poke<std::uint64_t>(t, 8, ~0ull);
  expect_error(t, "negative tensor count");
  auto k = b;
  poke<std::uint64_t>(k, 16, 1ull << 50);
  expect_error(k, "KV count");
  // A string array claiming 2^29 elements in a tiny file.
  Raw r;
  r.header(0, 1).str("tokenizer.ggml.tokens").put<std::uint32_t>(9).put<std::uint32_t>(8).put<std::uint64_t>(1ull << 29);
  expect_error(r.b, "array count");
  Raw r2;
  r2.header(0, 1).str("x").put<std::uint32_t>(9).put<std::uint32_t>(6).put<std::uint64_t>(1ull << 31);
  expect_error(r2.b, "exceeds the limit");
  Raw r3;
  r3.header(0, 1).str("x").put<std::uint32_t>(8).put<std::uint64_t>(1ull << 40);
  expect_error(r3.b, "string value length");
}

TEST(Gguf, KeysMustBeValidUniqueUtf8) {
  Raw dup;
  dup.header(0, 2).str("a.b").put<std::uint32_t>(4).put<std::uint32_t>(1).str("a.b").put<std::uint32_t>(4).put<std::uint32_t>(2);
  expect_error(dup.b, "duplicate KV key 'a.b'");
  Raw bad;
  bad.header(0, 1).str("ke\xff\xfe").put<std::uint32_t>(4).put<std::uint32_t>(1);
  expect_error(bad.b, "not valid UTF-8");
  Raw empty;
  empty.header(0, 1).str("").put<std::uint32_t>(4).put<std::uint32_t>(1);
  expect_error(empty.b, "empty key");
  Raw badtype;
  badtype.header(0, 1).str("k").put<std::uint32_t>(13).put<std::uint32_t>(1);
  expect_error(badtype.b, "invalid value type 13");
  Raw badbool;
  badbool.header(0, 1).str("k").put<std::uint32_t>(7).put<std::uint8_t>(2);
  expect_error(badbool.b, "bool value 2");
}

TEST(Gguf, NestedArraysAreSkipped) {
  Raw r;
  r.header(0, 2).str("nested").put<std::uint32_t>(9).put<std::uint32_t>(9).put<std::uint64_t>(2);
  r.put<std::uint32_t>(4).put<std::uint64_t>(2).put<std::uint32_t>(1).put<std::uint32_t>(2);
  r.put<std::uint32_t>(8).put<std::uint64_t>(1).str("s");
  r.str("after").put<std::uint32_t>(4).put<std::uint32_t>(42);
  const auto f = GgufFile::from_bytes(r.b, "nested.gguf");
  EXPECT_TRUE(f.find("nested")->nested_skipped);
  EXPECT_EQ(f.get_int("after"), 42);
}

TEST(Gguf, Alignment) {
  Raw wrong_type;
  wrong_type.header(0, 1).str("general.alignment").put<std::uint32_t>(10).put<std::uint64_t>(32);
  expect_error(wrong_type.b, "general.alignment must be UINT32");
  Raw npot;
  npot.header(0, 1).str("general.alignment").put<std::uint32_t>(4).put<std::uint32_t>(24);
  expect_error(npot.b, "not a non-zero power of two");
  Raw zero;
  zero.header(0, 1).str("general.alignment").put<std::uint32_t>(4).put<std::uint32_t>(0);
  expect_error(zero.b, "not a non-zero power of two");
  // Offset not a multiple of the alignment.
  Raw off;
  off.header(1, 0).tensor("t", {32}, 0, 8).pad(32);
  off.b.resize(off.b.size() + 256, 0);
  expect_error(off.b, "not a multiple of the alignment 32");
  // A custom alignment of 64 is honoured by the writer and the reader.
  GgufWriter w;
  w.set_u32("general.alignment", 64);
  w.add_tensor("a", GgmlType::F32, {3}, std::vector<std::uint8_t>(12, 0));
  w.add_tensor("b", GgmlType::F32, {3}, std::vector<std::uint8_t>(12, 0));
  const auto f = GgufFile::from_bytes(w.to_bytes(), "a64.gguf");
  EXPECT_EQ(f.alignment(), 64u);
  EXPECT_EQ(f.tensor("b").offset, 64u);
  EXPECT_EQ(f.data_start() % 64, 0u);
}

TEST(Gguf, TensorInfoValidation) {
  auto file = [](Raw r) {
    r.pad(32);
    r.b.resize(r.b.size() + 64, 0);
    return r.b;
  };
  // Unsupported and unknown types are refused by name.
  expect_error(file(Raw().header(1, 0).tensor("blk.0.attn_q.weight", {256}, 17, 0)),
               "tensor blk.0.attn_q.weight has type IQ2_XS (17), which is not supported; supported: F32");
  expect_error(file(Raw().header(1, 0).tensor("w", {256}, 11, 0)), "type Q3_K (11)");
  expect_error(file(Raw().header(1, 0).tensor("w", {256}, 16, 0)), "type IQ2_XXS (16)");
  expect_error(file(Raw().header(1, 0).tensor("w", {256}, 4, 0)), "type Q4_2 (4) [removed]");
  expect_error(file(Raw().header(1, 0).tensor("w", {256}, 99, 0)), "unknown ggml type id 99");
  // Too many dims, negative dims, overflowing products, rows not whole blocks.
  expect_error(file(Raw().header(1, 0).tensor("w", {1, 1, 1, 1, 1}, 0, 0)), "5 dimensions");
  expect_error(file(Raw().header(1, 0).tensor("w", {~0ull}, 0, 0)), "negative or too large");
  expect_error(file(Raw().header(1, 0).tensor("w", {1ull << 32, 1ull << 32}, 0, 0)), "overflows int64");
  expect_error(file(Raw().header(1, 0).tensor("w", {1ull << 40, 1ull << 20}, 0, 0)), "extends past the end");
  expect_error(file(Raw().header(1, 0).tensor("w", {100}, 2, 0)), "not a multiple of the Q4_0 block size 32");
  // Lying offset / size.
  expect_error(file(Raw().header(1, 0).tensor("w", {64}, 0, 1ull << 40)), "extends past the end");
  expect_error(file(Raw().header(1, 0).tensor("w", {4}, 0, 64)), "extends past the end");
  // Names: too long, duplicate, not UTF-8.
  expect_error(file(Raw().header(1, 0).tensor(std::string(64, 'n'), {4}, 0, 0)), "the limit is 63");
  expect_error(file(Raw().header(2, 0).tensor("w", {4}, 0, 0).tensor("w", {4}, 0, 32)), "duplicate tensor name 'w'");
  expect_error(file(Raw().header(1, 0).tensor("w\xc0\x80", {4}, 0, 0)), "not valid UTF-8");
  // A 63-byte name is fine.
  EXPECT_NO_THROW(GgufFile::from_bytes(file(Raw().header(1, 0).tensor(std::string(63, 'n'), {4}, 0, 0)), "ok.gguf"));
}

TEST(Gguf, GettersAcceptAnyIntegerType) {
  Raw r;
  r.header(0, 3).str("u8").put<std::uint32_t>(0).put<std::uint8_t>(200);
  r.str("i64").put<std::uint32_t>(11).put<std::int64_t>(-5);
  r.str("f").put<std::uint32_t>(6).put<float>(1.5f);
  const auto f = GgufFile::from_bytes(r.b, "ints.gguf");
  EXPECT_EQ(f.get_int("u8"), 200);
  EXPECT_EQ(f.get_int("i64"), -5);
  EXPECT_EQ(f.get_int("missing", 7), 7);
  EXPECT_THROW(f.get_int("f"), GgufError);
  EXPECT_THROW(f.get_string("u8"), GgufError);
  EXPECT_THROW(f.tensor("nope"), GgufError);
}
