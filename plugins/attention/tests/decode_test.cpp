// The paged KV cache and split-KV decode: against cpu_ref over the dense cache, for page
// sizes, page orders, split counts, GQA, masks; and the cache's own bookkeeping.
#include <gtest/gtest.h>

#include <set>
#include <stdexcept>

#include "attention/cpu_ref.hpp"
#include "attention/decode.hpp"
#include "test_support.hpp"

using namespace attention;
using attention_test::random_values;
using attention_test::rel_error;

namespace {

struct DecodeCase {
  std::vector<int> lengths;
  int hq, hk, d;
  std::vector<float> k, v, q;
};

DecodeCase make(std::vector<int> lengths, int hq, int hk, int d, std::uint32_t seed) {
  DecodeCase c{std::move(lengths), hq, hk, d, {}, {}, {}};
  int total = 0;
  for (int len : c.lengths) total += len;
  c.k = random_values(static_cast<std::size_t>(total) * hk * d, seed);
  c.v = random_values(c.k.size(), seed + 1);
  c.q = random_values(c.lengths.size() * static_cast<std::size_t>(hq) * d, seed + 2);
  return c;
}

PagedKvCache fill(const DecodeCase& c, int page_size, std::uint64_t shuffle) {
  int longest = 1;
  for (int len : c.lengths) longest = std::max(longest, len);
  PagedKvCache cache(static_cast<int>(c.lengths.size()), c.hk, c.d, page_size, longest, shuffle);
  const std::size_t w = static_cast<std::size_t>(c.hk) * c.d;
  std::size_t token = 0;
  for (std::size_t b = 0; b < c.lengths.size(); ++b) {
    for (int t = 0; t < c.lengths[b]; ++t, ++token) {
      cache.append(static_cast<int>(b), std::span<const float>(&c.k[token * w], w),
                   std::span<const float>(&c.v[token * w], w));
    }
  }
  return cache;
}

std::vector<float> reference(const DecodeCase& c, Mask mask) {
  Shape s;
  s.q_heads = c.hq;
  s.kv_heads = c.hk;
  s.head_dim = c.d;
  for (std::size_t b = 0; b <= c.lengths.size(); ++b) s.q_offsets.push_back(static_cast<int>(b));
  s.q_offsets.erase(s.q_offsets.begin());  // Shape starts with {0}
  s.k_offsets = offsets_from_lengths(c.lengths);
  mask.causal = true;
  s.mask = mask;
  return attention_ref(s, c.q, c.k, c.v);
}

}  // namespace

TEST(PagedCache, HandsOutDistinctPagesInShuffledOrder) {
  const DecodeCase c = make({40, 1, 17}, 2, 2, 4, 1);
  const PagedKvCache cache = fill(c, 8, 12345);
  EXPECT_EQ(cache.pages_in_use(), 5 + 1 + 3);
  std::set<int> pages;
  for (int p : cache.block_table()) {
    if (p >= 0) {
      EXPECT_TRUE(pages.insert(p).second) << "page " << p << " handed out twice";
    }
  }
  EXPECT_EQ(pages.size(), 9u);
  // The shuffle makes sequence 0's pages non-consecutive somewhere.
  bool scattered = false;
  for (int i = 1; i < 5; ++i) scattered |= cache.block_table()[static_cast<std::size_t>(i)] != cache.block_table()[static_cast<std::size_t>(i) - 1] + 1;
  EXPECT_TRUE(scattered);
}

TEST(PagedCache, RejectsOverflowAndBadTokens) {
  PagedKvCache cache(1, 1, 2, 4, 4);
  const std::vector<float> tok{1, 2};
  for (int i = 0; i < 4; ++i) cache.append(0, tok, tok);
  EXPECT_THROW(cache.append(0, tok, tok), std::length_error);
  EXPECT_THROW(cache.append(0, std::vector<float>(3), tok), std::invalid_argument);
  EXPECT_THROW(cache.append(1, tok, tok), std::out_of_range);
  cache.truncate(0, 2);
  EXPECT_EQ(cache.length(0), 2);
  cache.append(0, tok, tok);
  EXPECT_EQ(cache.length(0), 3);
}

TEST(Decode, MatchesRefForPageSizesSplitsMasksAndGqa) {
  const std::vector<Mask> masks{{true, 0, 1}, {true, 100, 1}, {true, 0, 3}, {true, 250, 2}, {true, 1, 1}};
  std::uint32_t seed = 10;
  for (auto [hq, hk] : {std::pair{4, 4}, std::pair{8, 2}}) {
    for (int d : {5, 64}) {
      const DecodeCase c = make({1, 511, 1300, 64}, hq, hk, d, ++seed);
      for (const Mask& mask : masks) {
        const auto want = reference(c, mask);
        for (int page : {1, 16, 100}) {
          const PagedKvCache cache = fill(c, page, page);
          for (int splits : {0, 1, 3, 16}) {
            for (const auto* ops : {&vector_ops(), &scalar_vector_ops()}) {
              const auto got = decode_paged(cache, c.q, DecodeOptions{hq, mask, 0.0f, splits, 2}, *ops);
              ASSERT_LT(rel_error(got, want), 1e-5) << "hq " << hq << " hk " << hk << " d " << d << " page " << page
                                                    << " splits " << splits << " window " << mask.window
                                                    << " dilation " << mask.dilation << " " << ops->name;
            }
          }
        }
      }
    }
  }
}

TEST(Decode, ThreadsAndPageLayoutDoNotChangeBits) {
  const DecodeCase c = make({700, 3, 2000}, 4, 2, 32, 99);
  const auto base = decode_paged(fill(c, 16, 0), c.q, DecodeOptions{4, {}, 0.0f, 0, 1});
  EXPECT_EQ(decode_paged(fill(c, 16, 0), c.q, DecodeOptions{4, {}, 0.0f, 0, 4}), base);
  EXPECT_EQ(decode_paged(fill(c, 7, 31337), c.q, DecodeOptions{4, {}, 0.0f, 0, 2}), base);
}

TEST(Decode, RejectsMismatchedShapes) {
  const DecodeCase c = make({10}, 4, 2, 8, 1);
  const PagedKvCache cache = fill(c, 4, 0);
  EXPECT_THROW(decode_paged(cache, c.q, DecodeOptions{3, {}, 0.0f, 0, 1}), std::invalid_argument);
  EXPECT_THROW(decode_paged(cache, std::vector<float>(5), DecodeOptions{4, {}, 0.0f, 0, 1}), std::invalid_argument);
}
