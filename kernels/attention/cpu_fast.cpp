#include "attention/cpu_fast.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <memory>

#include "attention/parallel_tasks.hpp"

namespace attention {

namespace {

// Keys [begin, end) of the tile starting at j0 as bits (bit c: key j0 + c); end - begin <= 64.
std::uint64_t key_bits(int j0, int begin, int end) {
  if (begin >= end) return 0;
  const int n = end - begin;
  const std::uint64_t run = n >= 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << n) - 1;
  return run << (begin - j0);
}

}  // namespace

std::vector<float> attention_fast(const Shape& shape, std::span<const float> q, std::span<const float> k,
                                  std::span<const float> v, unsigned threads) {
  return attention_fast(shape, q, k, v, threads, best_isa());
}

std::vector<float> attention_fast(const Shape& shape, std::span<const float> q, std::span<const float> k,
                                  std::span<const float> v, unsigned threads, Isa isa) {
  const PrefillTileOps& ops = prefill_tile_ops(isa);
  shape.validate(q.size(), k.size(), v.size());
  const int hq = shape.q_heads, hk = shape.kv_heads, d = shape.head_dim, group = shape.group();
  const float scale = shape.softmax_scale();
  const Mask mask = shape.mask;
  std::vector<float> out(shape.q_elements(), 0.0f);

  // Packed K and V: per sequence, tile and KV head, K as [d][kKeyTile] (columns past the end
  // stay zero) and V as [kKeyTile][d], so that a tile is contiguous whatever the head count
  // (V rows kv_heads * d apart would fall into few L1 sets).
  std::vector<int> tile_start(static_cast<std::size_t>(shape.batch()) + 1, 0);
  struct PackTask {
    int b, t;
  };
  std::vector<PackTask> pack_tasks;
  for (int b = 0; b < shape.batch(); ++b) {
    const int tiles = (shape.k_len(b) + kKeyTile - 1) / kKeyTile;
    for (int t = 0; t < tiles; ++t) pack_tasks.push_back({b, t});
    tile_start[static_cast<std::size_t>(b) + 1] = tile_start[static_cast<std::size_t>(b)] + tiles;
  }
  const std::size_t tile_floats = static_cast<std::size_t>(d) * kKeyTile;
  // Kept by the calling thread between calls and only grown: fresh megabytes on every call cost
  // page faults worth about 5 % of a seq-2048 prefill. Every element read is written below.
  thread_local std::vector<float> scratch;
  const std::size_t packed_floats = static_cast<std::size_t>(tile_start.back()) * hk * tile_floats;
  if (scratch.size() < 2 * packed_floats) scratch.resize(2 * packed_floats);
  float* const packed = scratch.data();
  float* const packed_v = packed + packed_floats;
  auto tile_index = [&](int b, int t, int kh) {
    return (static_cast<std::size_t>(tile_start[static_cast<std::size_t>(b)] + t) * hk + kh) * tile_floats;
  };
  auto packed_tile = [&](int b, int t, int kh) { return &packed[tile_index(b, t, kh)]; };
  parallel_tasks(static_cast<int>(pack_tasks.size()), threads, [&](int i) {
    const PackTask task = pack_tasks[static_cast<std::size_t>(i)];
    const int j0 = task.t * kKeyTile, keys = std::min(kKeyTile, shape.k_len(task.b) - j0);
    for (int kh = 0; kh < hk; ++kh) {
      float* dst = packed_tile(task.b, task.t, kh);
      float* vdst = &packed_v[tile_index(task.b, task.t, kh)];
      for (int c = 0; c < keys; ++c) {
        const std::size_t at = ((static_cast<std::size_t>(shape.k_offsets[task.b]) + j0 + c) * hk + kh) * d;
        const float* kr = &k[at];
        for (int x = 0; x < d; ++x) dst[static_cast<std::size_t>(x) * kKeyTile + c] = kr[x];
        std::copy_n(&v[at], d, vdst + static_cast<std::size_t>(c) * d);
      }
      for (int x = 0; x < d; ++x) {  // K columns past the sequence's end: zero scores, masked anyway
        std::fill_n(dst + static_cast<std::size_t>(x) * kKeyTile + keys, kKeyTile - keys, 0.0f);
      }
    }
  });

  // Task list: (sequence, head, row block), fixed by the shape alone; the last row blocks (the
  // longest under a causal mask) first, so that the short ones fill in at the end.
  struct Task {
    int b, h, row0;
  };
  std::vector<Task> tasks;
  for (int b = 0; b < shape.batch(); ++b) {
    for (int h = 0; h < hq; ++h) {
      for (int r = (shape.q_len(b) - 1) / kRowBlock * kRowBlock; r >= 0; r -= kRowBlock) tasks.push_back({b, h, r});
    }
  }

  const std::size_t v_stride = static_cast<std::size_t>(d);
  parallel_tasks(static_cast<int>(tasks.size()), threads, [&](int t) {
    const Task task = tasks[static_cast<std::size_t>(t)];
    const int lq = shape.q_len(task.b), lk = shape.k_len(task.b);
    const int rows = std::min(kRowBlock, lq - task.row0);
    const int kh = task.h / group;
    const std::size_t q_base = static_cast<std::size_t>(shape.q_offsets[task.b]);
    const std::size_t q_stride = static_cast<std::size_t>(hq) * d;
    const float* q0 = &q[((q_base + task.row0) * hq + task.h) * d];

    std::array<RowState, kRowBlock> state{};
    std::array<int, kRowBlock> lo{}, hi{}, pos{};
    std::array<std::uint64_t, kRowBlock> visible{};
    std::array<float, kRowBlock> alpha{};
    alignas(64) std::array<float, kRowBlock * kKeyTile> s{};
    std::array<float, kKeyTile> w{};
    std::array<const float*, kKeyTile> v_rows{};
    std::vector<float> acc(static_cast<std::size_t>(rows) * d, 0.0f);
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
      const float* kt = packed_tile(task.b, j0 / kKeyTile, kh);
      const float* v0 = &packed_v[tile_index(task.b, j0 / kKeyTile, kh)];
      for (int r = 0; r < rows; ++r) {
        const int jb = std::max(j0, lo[r]), je = std::min(j0 + kKeyTile, hi[r]);
        if (mask.dilation <= 1) {
          visible[r] = key_bits(j0, jb, je);
        } else {  // every dilation-th key counting back from the query's position
          visible[r] = 0;
          for (int j = jb < je ? jb + (pos[r] - jb) % mask.dilation : je; j < je; j += mask.dilation) {
            visible[r] |= std::uint64_t{1} << (j - j0);
          }
        }
      }
      for (int g = 0; g < rows; g += kRowGroup) {
        const int n = std::min(kRowGroup, rows - g);
        std::uint64_t any = 0, common = ~std::uint64_t{0};
        for (int r = g; r < g + n; ++r) {
          any |= visible[r];
          common &= visible[r];
        }
        if (any == 0) continue;
        float* sg = &s[static_cast<std::size_t>(g) * kKeyTile];
        ops.scores(q0 + g * q_stride, q_stride, n, kt, d, sg);
        ops.softmax(sg, n, &visible[g], scale, &state[g], &alpha[g]);
        float* og = &acc[static_cast<std::size_t>(g) * d];
        // The keys every row of the group sees, when they are one run (always, but for a
        // dilated mask): the register-blocked P V, which also applies the rescale.
        const int c0 = common != 0 ? __builtin_ctzll(common) : 0;
        const int c1 = common != 0 ? 64 - __builtin_clzll(common) : 0;
        const bool run = common != 0 && common == key_bits(0, c0, c1);
        if (run) {
          ops.pv(og, n, d, &alpha[g], sg + c0, c1 - c0, v0 + static_cast<std::size_t>(c0) * v_stride, v_stride);
          if (common == any) continue;
        }
        for (int r = g; r < g + n; ++r) {  // the keys only some rows see, each row on its own
          const std::uint64_t own = run ? visible[r] & ~common : visible[r];
          if (own == 0) continue;
          int count = 0;
          for (std::uint64_t bits = own; bits != 0; bits &= bits - 1) {
            const int c = __builtin_ctzll(bits);
            w[static_cast<std::size_t>(count)] = s[static_cast<std::size_t>(r) * kKeyTile + c];
            v_rows[static_cast<std::size_t>(count)] = v0 + static_cast<std::size_t>(c) * v_stride;
            ++count;
          }
          ops.pv_list(&acc[static_cast<std::size_t>(r) * d], d, run ? 1.0f : alpha[r], w.data(), v_rows.data(), count);
        }
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
