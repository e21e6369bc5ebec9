// cuda_decode: flash-decoding over a paged KV cache. launch_append writes the new token into
// its page; the split kernel runs one block per (split, head, sequence) over that split's keys
// (split_range), 128 keys per step: each thread scores one key (paged_offset addressing), the
// block takes the tile max, rescales and accumulates P V with one thread per head dimension;
// it writes a normalized partial and its log-sum-exp. The merge kernel folds the splits in
// order (merge_max / merge_weight). Fixed order everywhere: deterministic.
// Not yet run on a GPU; not tuned (no vectorized loads, one key per thread).
#include <cuda_runtime.h>

#include "attention/cuda_elem.cuh"
#include "attention/cuda_launch.hpp"
#include "attention/online_softmax.hpp"

namespace attention::cuda {

namespace {

constexpr int kThreads = 128;  // also the keys per step; head_dim <= 128

template <class T>
__global__ void append_token(DecodeShape shape, const T* __restrict__ new_k, const T* __restrict__ new_v,
                             T* __restrict__ k_pool, T* __restrict__ v_pool) {
  const int b = blockIdx.x, width = shape.layout.kv_heads * shape.layout.head_dim;
  const int token = shape.lengths[b];
  for (int e = threadIdx.x; e < width; e += blockDim.x) {
    const int kh = e / shape.layout.head_dim, c = e % shape.layout.head_dim;
    const long long at = paged_offset(shape.block_table, shape.layout, b, token, kh) + c;
    k_pool[at] = new_k[static_cast<long long>(b) * width + e];
    v_pool[at] = new_v[static_cast<long long>(b) * width + e];
  }
}

template <class T>
__global__ void __launch_bounds__(kThreads) decode_split(DecodeShape shape, const T* __restrict__ q,
                                                         const T* __restrict__ k_pool,
                                                         const T* __restrict__ v_pool, float* __restrict__ part_o,
                                                         float* __restrict__ part_lse) {
  __shared__ float qs[kThreads];
  __shared__ float ps[kThreads];
  __shared__ float scratch[kThreads / 32];
  const int split = blockIdx.x, h = blockIdx.y, b = blockIdx.z, tid = threadIdx.x;
  const int d = shape.layout.head_dim, kh = h / (shape.q_heads / shape.layout.kv_heads);
  const int len = shape.lengths[b] + 1, pos = len - 1;
  Mask mask = shape.mask;
  mask.causal = true;
  const int splits = shape.splits > 0 ? shape.splits : decode_splits_for(len);
  const long long part = (static_cast<long long>(b) * shape.q_heads + h) * shape.max_splits + split;
  if (split >= splits) return;  // this sequence needs fewer splits; the merge stops before
  int sb = 0, se = 0, lo = 0, hi = 0;
  split_range(len, splits, split, &sb, &se);
  mask_key_range(mask, pos, len, &lo, &hi);
  sb = max(sb, lo);
  se = min(se, hi);
  if (tid < d) qs[tid] = to_float(q[(static_cast<long long>(b) * shape.q_heads + h) * d + tid]);
  __syncthreads();
  RowState st;
  float acc = 0.0f;  // output dimension tid
  for (int j0 = sb; j0 < se; j0 += kThreads) {
    const int j = j0 + tid;
    float s = -INFINITY;
    if (j < se && mask_allows(mask, pos, j)) {
      const T* key = k_pool + paged_offset(shape.block_table, shape.layout, b, j, kh);
      float dot = 0.0f;
      for (int c = 0; c < d; ++c) dot += qs[c] * to_float(key[c]);
      s = dot * shape.scale;
    }
    float m = s;
    for (int off = 16; off > 0; off /= 2) m = fmaxf(m, __shfl_xor_sync(0xffffffffu, m, off));
    if (tid % 32 == 0) scratch[tid / 32] = m;
    __syncthreads();
    float tile_max = scratch[0];
    for (int w = 1; w < kThreads / 32; ++w) tile_max = fmaxf(tile_max, scratch[w]);
    const float alpha = online_rescale(st, tile_max);  // every thread keeps the same state
    ps[tid] = s == -INFINITY ? 0.0f : online_weight(st, s);
    __syncthreads();
    float sum = 0.0f;
    for (int t = 0; t < kThreads; ++t) sum += ps[t];  // the same order in every thread
    st.l += sum;
    if (tid < d) {
      acc *= alpha;
      const int count = min(kThreads, se - j0);
      for (int t = 0; t < count; ++t) {
        if (ps[t] == 0.0f) continue;
        const T* value = v_pool + paged_offset(shape.block_table, shape.layout, b, j0 + t, kh);
        acc += ps[t] * to_float(value[tid]);
      }
    }
    __syncthreads();
  }
  if (tid < d) part_o[part * d + tid] = acc * online_finish(st);
  if (tid == 0) part_lse[part] = online_lse(st);
}

__global__ void decode_merge(DecodeShape shape, const float* __restrict__ part_o,
                             const float* __restrict__ part_lse, float* __restrict__ o) {
  const int h = blockIdx.x, b = blockIdx.y, c = threadIdx.x, d = shape.layout.head_dim;
  if (c >= d) return;
  const long long first = (static_cast<long long>(b) * shape.q_heads + h) * shape.max_splits;
  const int splits = shape.splits > 0 ? shape.splits : decode_splits_for(shape.lengths[b] + 1);
  float max_lse = -INFINITY;
  for (int s = 0; s < splits; ++s) max_lse = merge_max(max_lse, part_lse[first + s]);
  float total = 0.0f, acc = 0.0f;
  if (max_lse != -INFINITY) {
    for (int s = 0; s < splits; ++s) {
      const float w = merge_weight(part_lse[first + s], max_lse);
      total += w;
      acc += w * part_o[(first + s) * d + c];
    }
  }
  o[(static_cast<long long>(b) * shape.q_heads + h) * d + c] = total > 0.0f ? acc / total : 0.0f;
}

template <class T>
int append_typed(const DecodeShape& shape, const void* nk, const void* nv, void* kp, void* vp, cudaStream_t s) {
  append_token<T><<<shape.sequences, 128, 0, s>>>(shape, static_cast<const T*>(nk), static_cast<const T*>(nv),
                                                  static_cast<T*>(kp), static_cast<T*>(vp));
  return static_cast<int>(cudaGetLastError());
}

template <class T>
int decode_typed(const DecodeShape& shape, const void* q, const void* kp, const void* vp, float* po, float* pl,
                 float* o, cudaStream_t s) {
  const dim3 grid(shape.max_splits, shape.q_heads, shape.sequences);
  decode_split<T><<<grid, kThreads, 0, s>>>(shape, static_cast<const T*>(q), static_cast<const T*>(kp),
                                            static_cast<const T*>(vp), po, pl);
  cudaError_t err = cudaGetLastError();
  if (err != cudaSuccess) return static_cast<int>(err);
  decode_merge<<<dim3(shape.q_heads, shape.sequences), kThreads, 0, s>>>(shape, po, pl, o);
  return static_cast<int>(cudaGetLastError());
}

}  // namespace

int launch_append(const DecodeShape& shape, Elem elem, const void* new_k, const void* new_v, void* k_pool,
                  void* v_pool, void* stream) {
  auto s = static_cast<cudaStream_t>(stream);
  if (shape.sequences == 0) return 0;
  switch (elem) {
    case Elem::f32: return append_typed<float>(shape, new_k, new_v, k_pool, v_pool, s);
    case Elem::f16: return append_typed<__half>(shape, new_k, new_v, k_pool, v_pool, s);
    case Elem::bf16: return append_typed<__nv_bfloat16>(shape, new_k, new_v, k_pool, v_pool, s);
  }
  return static_cast<int>(cudaErrorInvalidValue);
}

int launch_decode(const DecodeShape& shape, Elem elem, const void* q, const void* k_pool, const void* v_pool,
                  float* partial_o, float* partial_lse, float* o, void* stream) {
  auto s = static_cast<cudaStream_t>(stream);
  if (shape.sequences == 0) return 0;
  if (shape.layout.head_dim > kThreads) return static_cast<int>(cudaErrorInvalidValue);
  switch (elem) {
    case Elem::f32: return decode_typed<float>(shape, q, k_pool, v_pool, partial_o, partial_lse, o, s);
    case Elem::f16: return decode_typed<__half>(shape, q, k_pool, v_pool, partial_o, partial_lse, o, s);
    case Elem::bf16: return decode_typed<__nv_bfloat16>(shape, q, k_pool, v_pool, partial_o, partial_lse, o, s);
  }
  return static_cast<int>(cudaErrorInvalidValue);
}

}  // namespace attention::cuda
