// cuda_flash: one fused forward kernel, FlashAttention-2 style. A block of 4 warps owns 64
// query rows of one (sequence, head); it walks 64-key tiles of K and V through shared memory.
// Per tile: S = Q K^T on tensor cores (WMMA 16x16x16, f16/bf16 in, f32 accumulate), the online
// softmax update per row (online_softmax.hpp, mask.hpp: the same functions the CPU paths run),
// P written back as f16/bf16, O += P V on tensor cores into an f32 tile in shared memory.
// No S x S matrix exists in global memory. Fixed order everywhere: deterministic.
// Not yet run on a GPU; not tuned (no cp.async pipelining, O kept in shared memory).
#include <cuda_runtime.h>
#include <mma.h>

#include "attention/cuda_elem.cuh"
#include "attention/cuda_launch.hpp"
#include "attention/online_softmax.hpp"

namespace attention::cuda {

namespace {

constexpr int kRows = 64;   // query rows per block
constexpr int kKeys = 64;   // keys per tile
constexpr int kWarps = 4;   // 16 rows each
constexpr int kThreads = kWarps * 32;

template <int D>
struct FlashSmem {
  static constexpr int ld_t = D + 8;       // T tiles (Q, K, V): padded against bank conflicts
  static constexpr int ld_s = kKeys + 4;   // float S tile
  static constexpr int ld_p = kKeys + 8;   // T P tile
  static constexpr int ld_o = D + 4;       // float O tile
  template <class T>
  static constexpr std::size_t bytes() {
    return sizeof(T) * (3 * kRows * ld_t + kRows * ld_p) + sizeof(float) * (kRows * ld_s + kRows * ld_o + 2 * kRows);
  }
};

template <class T, int D>
__global__ void __launch_bounds__(kThreads) flash_forward(DeviceShape shape, const T* __restrict__ q,
                                                          const T* __restrict__ k, const T* __restrict__ v,
                                                          float* __restrict__ o) {
  using namespace nvcuda;
  using L = FlashSmem<D>;
  extern __shared__ __align__(128) unsigned char smem[];
  T* qs = reinterpret_cast<T*>(smem);
  T* ks = qs + kRows * L::ld_t;
  T* vs = ks + kKeys * L::ld_t;
  T* ps = vs + kKeys * L::ld_t;
  float* ss = reinterpret_cast<float*>(ps + kRows * L::ld_p);
  float* os = ss + kRows * L::ld_s;
  float* row_m = os + kRows * L::ld_o;
  float* row_l = row_m + kRows;

  const int b = blockIdx.z, h = blockIdx.y, row0 = blockIdx.x * kRows;
  const int q_begin = shape.q_offsets[b], lq = shape.q_offsets[b + 1] - q_begin;
  const int k_begin = shape.k_offsets[b], lk = shape.k_offsets[b + 1] - k_begin;
  if (row0 >= lq) return;
  const int kh = h / (shape.q_heads / shape.kv_heads);
  const int tid = threadIdx.x, warp = tid / 32, lane = tid % 32;
  const int q_stride = shape.q_heads * D, k_stride = shape.kv_heads * D;

  // Q tile, O = 0, running max/sum.
  for (int e = tid; e < kRows * D; e += kThreads) {
    const int r = e / D, c = e % D;
    qs[r * L::ld_t + c] = row0 + r < lq ? q[static_cast<long long>(q_begin + row0 + r) * q_stride + h * D + c]
                                        : from_float<T>(0.0f);
    os[r * L::ld_o + c] = 0.0f;
  }
  if (tid < kRows) {
    row_m[tid] = -INFINITY;
    row_l[tid] = 0.0f;
  }

  // Key tiles that can hold a visible key for any row of the block.
  const int last_row = min(row0 + kRows, lq) - 1;
  int lo = 0, hi = lk, unused = 0;
  if (shape.mask.restricted()) {
    mask_key_range(shape.mask, query_position(row0, lq, lk), lk, &lo, &unused);
    mask_key_range(shape.mask, query_position(last_row, lq, lk), lk, &unused, &hi);
  }
  __syncthreads();

  for (int j0 = lo / kKeys * kKeys; j0 < hi; j0 += kKeys) {
    for (int e = tid; e < kKeys * D; e += kThreads) {
      const int r = e / D, c = e % D;
      const bool in = j0 + r < lk;
      const long long at = static_cast<long long>(k_begin + j0 + r) * k_stride + kh * D + c;
      ks[r * L::ld_t + c] = in ? k[at] : from_float<T>(0.0f);
      vs[r * L::ld_t + c] = in ? v[at] : from_float<T>(0.0f);
    }
    __syncthreads();

    // S (this warp's 16 rows x 64 keys) = Q K^T.
    for (int n = 0; n < kKeys / 16; ++n) {
      wmma::fragment<wmma::accumulator, 16, 16, 16, float> acc;
      wmma::fill_fragment(acc, 0.0f);
      for (int kk = 0; kk < D / 16; ++kk) {
        wmma::fragment<wmma::matrix_a, 16, 16, 16, T, wmma::row_major> a;
        wmma::fragment<wmma::matrix_b, 16, 16, 16, T, wmma::col_major> bt;
        wmma::load_matrix_sync(a, qs + warp * 16 * L::ld_t + kk * 16, L::ld_t);
        wmma::load_matrix_sync(bt, ks + n * 16 * L::ld_t + kk * 16, L::ld_t);
        wmma::mma_sync(acc, a, bt, acc);
      }
      wmma::store_matrix_sync(ss + warp * 16 * L::ld_s + n * 16, acc, L::ld_s, wmma::mem_row_major);
    }
    __syncwarp();

    // Online softmax: two lanes per row, 32 keys each.
    {
      const int r = warp * 16 + lane / 2, half = lane % 2;
      const int row = row0 + r;
      const int pos = query_position(row, lq, lk);
      float tile_max = -INFINITY;
      for (int c = half * 32; c < half * 32 + 32; ++c) {
        const int j = j0 + c;
        const bool visible = row < lq && j < lk && mask_allows(shape.mask, pos, j);
        const float s = visible ? ss[r * L::ld_s + c] * shape.scale : -INFINITY;
        ss[r * L::ld_s + c] = s;
        tile_max = fmaxf(tile_max, s);
      }
      tile_max = fmaxf(tile_max, __shfl_xor_sync(0xffffffffu, tile_max, 1));
      RowState st{row_m[r], row_l[r]};
      const float alpha = online_rescale(st, tile_max);
      float sum = 0.0f;
      for (int c = half * 32; c < half * 32 + 32; ++c) {
        const float s = ss[r * L::ld_s + c];
        const float p = s == -INFINITY ? 0.0f : online_weight(st, s);
        sum += p;
        ps[r * L::ld_p + c] = from_float<T>(p);
      }
      sum += __shfl_xor_sync(0xffffffffu, sum, 1);
      if (alpha != 1.0f) {
        for (int c = half * (D / 2); c < (half + 1) * (D / 2); ++c) os[r * L::ld_o + c] *= alpha;
      }
      __syncwarp();
      if (half == 0) {
        row_m[r] = st.m;
        row_l[r] = st.l + sum;
      }
    }
    __syncwarp();

    // O (this warp's 16 rows x D) += P V.
    for (int n = 0; n < D / 16; ++n) {
      wmma::fragment<wmma::accumulator, 16, 16, 16, float> acc;
      float* tile = os + warp * 16 * L::ld_o + n * 16;
      wmma::load_matrix_sync(acc, tile, L::ld_o, wmma::mem_row_major);
      for (int kk = 0; kk < kKeys / 16; ++kk) {
        wmma::fragment<wmma::matrix_a, 16, 16, 16, T, wmma::row_major> a;
        wmma::fragment<wmma::matrix_b, 16, 16, 16, T, wmma::row_major> bv;
        wmma::load_matrix_sync(a, ps + warp * 16 * L::ld_p + kk * 16, L::ld_p);
        wmma::load_matrix_sync(bv, vs + kk * 16 * L::ld_t + n * 16, L::ld_t);
        wmma::mma_sync(acc, a, bv, acc);
      }
      wmma::store_matrix_sync(tile, acc, L::ld_o, wmma::mem_row_major);
    }
    __syncthreads();  // K/V tiles are overwritten next
  }

  for (int e = tid; e < kRows * D; e += kThreads) {
    const int r = e / D, c = e % D;
    if (row0 + r >= lq) continue;
    const RowState st{row_m[r], row_l[r]};
    o[static_cast<long long>(q_begin + row0 + r) * q_stride + h * D + c] = os[r * L::ld_o + c] * online_finish(st);
  }
}

template <class T, int D>
int launch_typed(const DeviceShape& shape, const void* q, const void* k, const void* v, float* o,
                 cudaStream_t stream) {
  const std::size_t bytes = FlashSmem<D>::template bytes<T>();
  auto kernel = flash_forward<T, D>;
  // Opting in to more than 48 KiB of dynamic shared memory: once per kernel (current device).
  static const cudaError_t configured =
      cudaFuncSetAttribute(kernel, cudaFuncAttributeMaxDynamicSharedMemorySize, static_cast<int>(bytes));
  if (configured != cudaSuccess) return static_cast<int>(configured);
  const dim3 grid((shape.max_q_len + kRows - 1) / kRows, shape.q_heads, shape.batch);
  if (grid.x == 0 || shape.batch == 0) return 0;
  kernel<<<grid, kThreads, bytes, stream>>>(shape, static_cast<const T*>(q), static_cast<const T*>(k),
                                            static_cast<const T*>(v), o);
  return static_cast<int>(cudaGetLastError());
}

}  // namespace

int launch_flash(const DeviceShape& shape, Elem elem, const void* q, const void* k, const void* v, float* o,
                 void* stream) {
  auto s = static_cast<cudaStream_t>(stream);
  if (shape.head_dim == 64) {
    if (elem == Elem::f16) return launch_typed<__half, 64>(shape, q, k, v, o, s);
    if (elem == Elem::bf16) return launch_typed<__nv_bfloat16, 64>(shape, q, k, v, o, s);
  } else if (shape.head_dim == 128) {
    if (elem == Elem::f16) return launch_typed<__half, 128>(shape, q, k, v, o, s);
    if (elem == Elem::bf16) return launch_typed<__nv_bfloat16, 128>(shape, q, k, v, o, s);
  }
  return static_cast<int>(cudaErrorInvalidValue);
}

}  // namespace attention::cuda
