// Prefill's tile operations on every instruction set this CPU runs (scalar, AVX2, AVX-512),
// each against its definition in float64: scores, the online-softmax step (hidden keys get
// weight exactly 0, a row that sees nothing is left alone, logits of +-1000), P V over a tile
// and over a list of keys, with row counts 1 to kRowGroup and head dims that leave vector tails.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <random>
#include <stdexcept>
#include <vector>

#include "attention/prefill_tile.hpp"
#include "test_support.hpp"

using namespace attention;
using attention_test::random_values;

namespace {

std::vector<const PrefillTileOps*> runnable() {
  std::vector<const PrefillTileOps*> out;
  for (Isa isa : {Isa::scalar, Isa::avx2, Isa::avx512}) {
    if (isa_supported(isa)) out.push_back(&prefill_tile_ops(isa));
  }
  return out;
}

}  // namespace

TEST(PrefillTile, EachPathIsTheOneAskedForOrRefused) {
  for (Isa isa : {Isa::scalar, Isa::avx2, Isa::avx512}) {
    if (isa_supported(isa)) {
      EXPECT_EQ(prefill_tile_ops(isa).isa, isa) << isa_name(isa);
    } else {
      EXPECT_THROW(prefill_tile_ops(isa), std::invalid_argument) << isa_name(isa);
    }
  }
  EXPECT_TRUE(isa_supported(best_isa()));
  std::printf("prefill paths on this CPU: %zu, best %s\n", runnable().size(), isa_name(best_isa()));
}

TEST(PrefillTile, ScoresMatchTheDefinition) {
  for (const PrefillTileOps* ops : runnable()) {
    for (int d : {1, 3, 17, 64, 128}) {
      for (int rows = 1; rows <= kRowGroup; ++rows) {
        const std::size_t stride = static_cast<std::size_t>(d) + 5;
        const auto q = random_values(stride * rows, 10 + d + rows);
        const auto kt = random_values(static_cast<std::size_t>(d) * kKeyTile, 20 + d);
        std::vector<float> s(static_cast<std::size_t>(kRowGroup) * kKeyTile, 123.0f);
        ops->scores(q.data(), stride, rows, kt.data(), d, s.data());
        for (int r = 0; r < kRowGroup; ++r) {
          for (int c = 0; c < kKeyTile; ++c) {
            const float got = s[static_cast<std::size_t>(r * kKeyTile + c)];
            if (r >= rows) {
              EXPECT_EQ(got, 123.0f) << "row past `rows` written";
              continue;
            }
            double want = 0;
            for (int x = 0; x < d; ++x) {
              want += static_cast<double>(q[r * stride + static_cast<std::size_t>(x)]) *
                      kt[static_cast<std::size_t>(x * kKeyTile + c)];
            }
            ASSERT_NEAR(got, want, 1e-5 * (1 + std::sqrt(d))) << isa_name(ops->isa) << " d=" << d << " r=" << r;
          }
        }
      }
    }
  }
}

TEST(PrefillTile, SoftmaxStepMatchesTheDefinition) {
  std::mt19937_64 gen(7);
  for (const PrefillTileOps* ops : runnable()) {
    for (float amplitude : {1.0f, 30.0f, 1000.0f}) {
      for (int trial = 0; trial < 20; ++trial) {
        const int rows = 1 + trial % kRowGroup;
        auto s = random_values(static_cast<std::size_t>(rows) * kKeyTile, 40 + trial, amplitude);
        const auto original = s;
        std::vector<std::uint64_t> visible(static_cast<std::size_t>(rows));
        std::vector<RowState> st(static_cast<std::size_t>(rows)), before;
        for (int r = 0; r < rows; ++r) {
          const int kind = (trial + r) % 4;  // all, none, random, one key
          visible[r] = kind == 0 ? ~std::uint64_t{0} : kind == 1 ? 0 : kind == 2 ? gen() : std::uint64_t{1} << (gen() % 64);
          if (trial % 3 != 0) st[r] = RowState{amplitude * 0.3f * static_cast<float>(r), 2.5f};  // an earlier tile
        }
        before = st;
        const float scale = 0.125f;
        std::vector<float> alpha(static_cast<std::size_t>(rows), -1.0f);
        ops->softmax(s.data(), rows, visible.data(), scale, st.data(), alpha.data());
        for (int r = 0; r < rows; ++r) {
          double tile_max = -INFINITY;
          for (int c = 0; c < kKeyTile; ++c) {
            if (visible[r] >> c & 1u) tile_max = std::fmax(tile_max, static_cast<double>(original[r * kKeyTile + c]) * scale);
          }
          const char* name = isa_name(ops->isa);
          if (visible[r] == 0) {
            EXPECT_EQ(alpha[r], 1.0f) << name;
            EXPECT_EQ(st[r].m, before[r].m) << name;
            EXPECT_EQ(st[r].l, before[r].l) << name;
            for (int c = 0; c < kKeyTile; ++c) EXPECT_EQ(s[r * kKeyTile + c], 0.0f) << name;
            continue;
          }
          const double m = std::fmax(before[r].m, tile_max);
          EXPECT_NEAR(st[r].m, m, 1e-6 * std::fabs(m)) << name;
          const double want_alpha = before[r].m == -INFINITY ? 0.0 : std::exp(before[r].m - m);
          EXPECT_NEAR(alpha[r], want_alpha, 1e-6 * want_alpha + 1e-30) << name;
          double sum = 0;
          for (int c = 0; c < kKeyTile; ++c) {
            const float got = s[r * kKeyTile + c];
            if (!(visible[r] >> c & 1u)) {
              EXPECT_EQ(got, 0.0f) << name << " hidden key " << c;
              continue;
            }
            // The shift is a float subtraction in every path; its rounding is not the exp's error.
            const float x = original[r * kKeyTile + c] * scale - st[r].m;
            const double want = std::exp(static_cast<double>(x));
            sum += want;
            if (want < 1e-30) {
              EXPECT_LT(got, 1e-30) << name;  // deep underflow: tiny, never NaN
            } else {
              EXPECT_NEAR(got / want, 1.0, 4e-7) << name << " x=" << x;
            }
          }
          const double want_l = before[r].l * want_alpha + sum;
          EXPECT_NEAR(st[r].l, want_l, 2e-6 * want_l) << name;
        }
      }
    }
  }
}

TEST(PrefillTile, PvOverATileAndOverAListMatchTheDefinition) {
  for (const PrefillTileOps* ops : runnable()) {
    for (int d : {1, 3, 8, 17, 64, 100, 128, 200}) {
      for (int rows = 1; rows <= kRowGroup; ++rows) {
        for (int keys : {1, 13, 64}) {
          const std::size_t v_stride = static_cast<std::size_t>(d) * 2 + 3;
          const auto v = random_values(v_stride * keys, 60 + d);
          const auto p = random_values(static_cast<std::size_t>(kRowGroup) * kKeyTile, 61 + keys);
          auto o = random_values(static_cast<std::size_t>(rows) * d + 7, 62 + rows);
          const auto o0 = o;
          const std::vector<float> alpha{0.5f, 1.0f, 0.0f, 0.25f};
          ops->pv(o.data(), rows, d, alpha.data(), p.data(), keys, v.data(), v_stride);
          for (int r = 0; r < rows; ++r) {
            for (int i = 0; i < d; ++i) {
              double want = static_cast<double>(o0[static_cast<std::size_t>(r * d + i)]) * alpha[r];
              for (int c = 0; c < keys; ++c) {
                want += static_cast<double>(p[static_cast<std::size_t>(r * kKeyTile + c)]) * v[c * v_stride + static_cast<std::size_t>(i)];
              }
              ASSERT_NEAR(o[static_cast<std::size_t>(r * d + i)], want, 1e-5 * (1 + keys))
                  << isa_name(ops->isa) << " d=" << d << " rows=" << rows << " keys=" << keys;
            }
          }
          for (std::size_t i = static_cast<std::size_t>(rows) * d; i < o.size(); ++i) EXPECT_EQ(o[i], o0[i]) << "written past the rows";

          // One row over a list of every other key, in reverse order.
          std::vector<const float*> list;
          std::vector<float> w;
          for (int c = keys - 1; c >= 0; c -= 2) {
            list.push_back(&v[c * v_stride]);
            w.push_back(p[static_cast<std::size_t>(c)]);
          }
          auto one = o0;
          ops->pv_list(one.data(), d, 0.75f, w.data(), list.data(), static_cast<int>(list.size()));
          for (int i = 0; i < d; ++i) {
            double want = static_cast<double>(o0[static_cast<std::size_t>(i)]) * 0.75;
            for (std::size_t n = 0; n < list.size(); ++n) want += static_cast<double>(w[n]) * list[n][i];
            ASSERT_NEAR(one[static_cast<std::size_t>(i)], want, 1e-5 * (1 + keys)) << isa_name(ops->isa) << " list d=" << d;
          }
          for (std::size_t i = static_cast<std::size_t>(d); i < one.size(); ++i) EXPECT_EQ(one[i], o0[i]);
        }
      }
    }
  }
}
