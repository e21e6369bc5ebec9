// The per-element logic the CUDA kernels share with the CPU paths: mask predicate and key
// ranges, online softmax update and split merge, paged addressing, split ranges.
#include <gtest/gtest.h>

#include <cmath>
#include <set>
#include <vector>

#include "attention/mask.hpp"
#include "attention/online_softmax.hpp"
#include "attention/paged_kv.hpp"

using namespace attention;

TEST(Mask, NoneAllowsEverything) {
  const Mask m;
  EXPECT_TRUE(mask_allows(m, 0, 5));
  EXPECT_TRUE(mask_allows(m, 7, 0));
}

TEST(Mask, CausalSlidingDilatedFollowTheirDefinitions) {
  for (int window : {0, 1, 3, 10}) {
    for (int dilation : {1, 2, 3}) {
      const Mask m{true, window, dilation};
      for (int q = 0; q < 20; ++q) {
        for (int k = 0; k < 25; ++k) {
          const bool want = k <= q && (window == 0 || q - k < window) && (q - k) % dilation == 0;
          EXPECT_EQ(mask_allows(m, q, k), want) << "window " << window << " dilation " << dilation << " q " << q
                                                 << " k " << k;
        }
      }
    }
  }
}

TEST(Mask, KeyRangeCoversExactlyTheVisibleKeys) {
  for (int window : {0, 1, 4, 9}) {
    for (int dilation : {1, 3}) {
      for (bool causal : {false, true}) {
        if (!causal && (window > 0 || dilation > 1)) continue;
        const Mask m{causal, window, dilation};
        for (int keys : {0, 1, 7, 30}) {
          for (int q = -3; q < 35; ++q) {
            int lo = 0, hi = 0;
            mask_key_range(m, q, keys, &lo, &hi);
            ASSERT_LE(0, lo);
            ASSERT_LE(lo, hi);
            ASSERT_LE(hi, keys);
            for (int k = 0; k < keys; ++k) {
              if (mask_allows(m, q, k)) {
                EXPECT_TRUE(lo <= k && k < hi) << "visible key " << k << " outside [" << lo << "," << hi << ")";
              }
            }
          }
        }
      }
    }
  }
}

TEST(Mask, BottomRightAlignment) {
  EXPECT_EQ(query_position(0, 1, 10), 9);  // a decode step sees the whole cache
  EXPECT_EQ(query_position(3, 5, 5), 3);   // a prefill is the usual triangle
  EXPECT_EQ(query_position(0, 5, 3), -2);  // more queries than keys: the first rows see nothing
}

TEST(OnlineSoftmax, MatchesTwoPassSoftmax) {
  const std::vector<float> scores{0.5f, -1.0f, 3.0f, 2.0f, -7.0f, 3.5f, 0.0f};
  const std::vector<float> values{1, 2, 3, 4, 5, 6, 7};
  double max = -INFINITY, sum = 0, weighted = 0;
  for (float s : scores) max = std::fmax(max, s);
  for (std::size_t i = 0; i < scores.size(); ++i) {
    sum += std::exp(scores[i] - max);
    weighted += std::exp(scores[i] - max) * values[i];
  }
  for (std::size_t tile : {1u, 2u, 3u, 7u}) {
    RowState st;
    float acc = 0;
    for (std::size_t t0 = 0; t0 < scores.size(); t0 += tile) {
      float tile_max = -INFINITY;
      for (std::size_t i = t0; i < std::min(scores.size(), t0 + tile); ++i) tile_max = std::fmax(tile_max, scores[i]);
      acc *= online_rescale(st, tile_max);
      for (std::size_t i = t0; i < std::min(scores.size(), t0 + tile); ++i) {
        const float p = online_weight(st, scores[i]);
        st.l += p;
        acc += p * values[i];
      }
    }
    EXPECT_NEAR(acc * online_finish(st), weighted / sum, 1e-6) << "tile " << tile;
    EXPECT_NEAR(online_lse(st), max + std::log(sum), 1e-6);
  }
}

TEST(OnlineSoftmax, EmptyTilesAndRowsAreNeutral) {
  RowState st;
  EXPECT_EQ(online_rescale(st, -INFINITY), 1.0f);  // nothing seen, nothing visible
  EXPECT_EQ(online_finish(st), 0.0f);                // a fully masked row gives zeros
  EXPECT_EQ(online_lse(st), -INFINITY);
  online_rescale(st, 2.0f);
  st.l += online_weight(st, 2.0f);
  EXPECT_EQ(online_rescale(st, -INFINITY), 1.0f);    // an empty tile later changes nothing
  EXPECT_EQ(st.l, 1.0f);
}

TEST(OnlineSoftmax, LargeLogitsDoNotOverflow) {
  RowState st;
  online_rescale(st, 1000.0f);
  st.l += online_weight(st, 1000.0f);
  const float alpha = online_rescale(st, 2000.0f);
  EXPECT_EQ(alpha, 0.0f);  // exp(-1000) underflows to 0, not NaN
  st.l += online_weight(st, 2000.0f);
  EXPECT_EQ(st.l, 1.0f);
  EXPECT_FALSE(std::isnan(online_lse(st)));
}

TEST(SplitMerge, MergingPartialsEqualsOnePass) {
  const std::vector<float> scores{1, 4, -2, 0.5f, 3, 3, -1, 8, 2};
  const std::vector<float> values{1, -1, 2, 0, 5, 3, 1, 2, -4};
  auto partial = [&](std::size_t lo, std::size_t hi, float* lse) {
    RowState st;
    float acc = 0;
    for (std::size_t i = lo; i < hi; ++i) {
      acc *= online_rescale(st, scores[i]);
      const float p = online_weight(st, scores[i]);
      st.l += p;
      acc += p * values[i];
    }
    *lse = online_lse(st);
    return acc * online_finish(st);
  };
  float whole_lse = 0;
  const float whole = partial(0, scores.size(), &whole_lse);
  for (int splits : {1, 2, 3, 4, 9, 12}) {
    std::vector<float> o, lse;
    for (int s = 0; s < splits; ++s) {
      int b = 0, e = 0;
      split_range(static_cast<int>(scores.size()), splits, s, &b, &e);
      float l = 0;
      o.push_back(partial(static_cast<std::size_t>(b), static_cast<std::size_t>(e), &l));
      lse.push_back(l);
    }
    float max_lse = -INFINITY;
    for (float l : lse) max_lse = merge_max(max_lse, l);
    float total = 0, acc = 0;
    for (std::size_t s = 0; s < o.size(); ++s) {
      const float w = merge_weight(lse[s], max_lse);
      total += w;
      acc += w * o[s];
    }
    EXPECT_NEAR(acc / total, whole, 1e-5) << splits << " splits";
    EXPECT_NEAR(max_lse + std::log(total), whole_lse, 1e-5);
  }
}

TEST(SplitRange, PartitionsKeysContiguouslyAndEvenly) {
  for (int keys : {0, 1, 5, 64, 1000}) {
    for (int splits : {1, 2, 3, 7, 16}) {
      int expect_begin = 0;
      for (int s = 0; s < splits; ++s) {
        int b = 0, e = 0;
        split_range(keys, splits, s, &b, &e);
        EXPECT_EQ(b, expect_begin);
        EXPECT_LE(e - b, keys / splits + 1);
        EXPECT_GE(e - b, keys / splits);
        expect_begin = e;
      }
      EXPECT_EQ(expect_begin, keys);
    }
  }
  EXPECT_EQ(decode_splits_for(1), 1);
  EXPECT_EQ(decode_splits_for(2048), 4);
  EXPECT_EQ(decode_splits_for(1 << 20), 16);
}

TEST(PagedKv, OffsetsFollowTheBlockTable) {
  const PagedLayout layout{4, 2, 8, 3};  // page 4 tokens, 2 KV heads, dim 8, 3 pages per sequence
  const std::vector<int> table{5, 0, 2, /* seq 1 */ 1, 4, 3};
  // Token 6 of sequence 0: logical page 1 -> physical 0, slot 2.
  EXPECT_EQ(paged_offset(table.data(), layout, 0, 6, 1), ((0 * 4 + 2) * 2 + 1) * 8);
  // Token 0 of sequence 1: physical page 1, slot 0.
  EXPECT_EQ(paged_offset(table.data(), layout, 1, 0, 0), (1 * 4 + 0) * 2 * 8);
  // Every (sequence, token, head) gets its own address.
  std::set<long long> seen;
  for (int s = 0; s < 2; ++s) {
    for (int t = 0; t < 12; ++t) {
      for (int h = 0; h < 2; ++h) EXPECT_TRUE(seen.insert(paged_offset(table.data(), layout, s, t, h)).second);
    }
  }
  EXPECT_EQ(pages_for(0, 16), 0);
  EXPECT_EQ(pages_for(16, 16), 1);
  EXPECT_EQ(pages_for(17, 16), 2);
}
