#include "attention/cpu_fast.hpp"

#include <algorithm>
#include <array>
#include <cmath>

#include "attention/online_softmax.hpp"
#include "attention/parallel_tasks.hpp"

namespace attention {

std::vector<float> attention_fast(const Shape& shape, std::span<const float> q, std::span<const float> k,
                                  std::span<const float> v, unsigned threads) {
  return attention_fast(shape, q, k, v, threads, vector_ops());
}

std::vector<float> attention_fast(const Shape& shape, std::span<const float> q, std::span<const float> k,
                                  std::span<const float> v, unsigned threads, const VectorOps& ops) {
  shape.validate(q.size(), k.size(), v.size());
  const int hq = shape.q_heads, hk = shape.kv_heads, d = shape.head_dim, group = shape.group();
  const float scale = shape.softmax_scale();
  const Mask mask = shape.mask;
  std::vector<float> out(shape.q_elements(), 0.0f);

  // Task list: (sequence, head, row block), fixed by the shape alone.
  struct Task {
    int b, h, row0;
  };
  std::vector<Task> tasks;
  for (int b = 0; b < shape.batch(); ++b) {
    for (int h = 0; h < hq; ++h) {
      for (int r = 0; r < shape.q_len(b); r += kRowBlock) tasks.push_back({b, h, r});
    }
  }

  parallel_tasks(static_cast<int>(tasks.size()), threads, [&](int t) {
    const Task task = tasks[static_cast<std::size_t>(t)];
    const int lq = shape.q_len(task.b), lk = shape.k_len(task.b);
    const int rows = std::min(kRowBlock, lq - task.row0);
    const int kh = task.h / group;
    const std::size_t q_base = static_cast<std::size_t>(shape.q_offsets[task.b]);
    const std::size_t k_base = static_cast<std::size_t>(shape.k_offsets[task.b]);
    auto q_row = [&](int i) { return &q[((q_base + i) * hq + task.h) * d]; };
    auto k_row = [&](int j) { return &k[((k_base + j) * hk + kh) * d]; };
    auto v_row = [&](int j) { return &v[((k_base + j) * hk + kh) * d]; };

    std::array<RowState, kRowBlock> state{};
    std::array<int, kRowBlock> lo{}, hi{}, pos{};
    std::vector<float> acc(static_cast<std::size_t>(rows) * d, 0.0f);
    std::vector<float> kt(static_cast<std::size_t>(d) * kKeyTile, 0.0f);  // K tile, transposed
    alignas(32) std::array<float, kKeyTile> scores{};
    std::array<float, kKeyTile> p{}, w{};
    const std::size_t v_stride = static_cast<std::size_t>(hk) * d;
    std::array<const float*, kKeyTile> v_rows{};
    int block_lo = lk, block_hi = 0;
    for (int r = 0; r < rows; ++r) {
      pos[r] = query_position(task.row0 + r, lq, lk);
      mask_key_range(mask, pos[r], lk, &lo[r], &hi[r]);
      if (lo[r] < hi[r]) {
        block_lo = std::min(block_lo, lo[r]);
        block_hi = std::max(block_hi, hi[r]);
      }
    }
    for (int j0 = block_lo / kKeyTile * kKeyTile; j0 < block_hi; j0 += kKeyTile) {
      // Transpose the tile's keys (the sequence's own; columns past its end stay zero and are
      // never visible). A key's column depends only on that key.
      const int tile_keys = std::min(kKeyTile, lk - j0);
      for (int c = 0; c < tile_keys; ++c) {
        const float* kr = k_row(j0 + c);
        for (int x = 0; x < d; ++x) kt[static_cast<std::size_t>(x) * kKeyTile + c] = kr[x];
      }
      for (int c = tile_keys; c < kKeyTile; ++c) {
        for (int x = 0; x < d; ++x) kt[static_cast<std::size_t>(x) * kKeyTile + c] = 0.0f;
      }
      for (int r = 0; r < rows; ++r) {
        const int jb = std::max(j0, lo[r]), je = std::min(j0 + kKeyTile, hi[r]);
        if (jb >= je) continue;
        ops.scores_tile(q_row(task.row0 + r), kt.data(), d, scores.data());
        float tile_max = -INFINITY;
        if (mask.dilation > 1) {
          for (int j = jb; j < je; ++j) {
            float& s = scores[static_cast<std::size_t>(j - j0)];
            s = mask_allows(mask, pos[r], j) ? s * scale : -INFINITY;
            tile_max = s > tile_max ? s : tile_max;
          }
        } else {  // [jb, je) is exactly the visible keys (mask_key_range)
          for (int j = jb; j < je; ++j) {
            float& s = scores[static_cast<std::size_t>(j - j0)];
            s *= scale;
            tile_max = s > tile_max ? s : tile_max;
          }
        }
        if (tile_max == -INFINITY) continue;  // nothing visible in this tile
        float* a = &acc[static_cast<std::size_t>(r) * d];
        const float alpha = online_rescale(state[r], tile_max);
        if (alpha != 1.0f) ops.scale(a, alpha, d);
        const int span = je - jb;
        ops.exp_shifted(&scores[static_cast<std::size_t>(jb - j0)], state[r].m, w.data(), span);
        int visible = 0;
        const float* vr = v_row(jb);
        for (int n = 0; n < span; ++n, vr += v_stride) {
          if (scores[static_cast<std::size_t>(jb - j0 + n)] == -INFINITY) continue;  // hidden: skipped
          state[r].l += w[static_cast<std::size_t>(n)];
          p[static_cast<std::size_t>(visible)] = w[static_cast<std::size_t>(n)];
          v_rows[static_cast<std::size_t>(visible)] = vr;
          ++visible;
        }
        ops.pv_rows(a, p.data(), v_rows.data(), visible, d);
      }
    }
    for (int r = 0; r < rows; ++r) {
      const float inv = online_finish(state[r]);
      float* o = &out[((q_base + task.row0 + r) * hq + task.h) * d];
      const float* a = &acc[static_cast<std::size_t>(r) * d];
      for (int x = 0; x < d; ++x) o[x] = a[x] * inv;
    }
  });
  return out;
}

}  // namespace attention
