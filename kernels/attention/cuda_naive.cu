// cuda_naive's middle kernel: the masked row softmax between the two cuBLAS products (the
// products themselves are issued from cuda_prefill.cpp). One block of 128 threads per
// (packed query row, head); S is read twice (max, then sum and write), in a fixed order.
#include <cuda_runtime.h>

#include "attention/cuda_elem.cuh"
#include "attention/cuda_launch.hpp"
#include "attention/online_softmax.hpp"

namespace attention::cuda {

namespace {

constexpr int kThreads = 128;

__device__ float block_reduce(float x, bool take_max, float* scratch) {
  for (int off = 16; off > 0; off /= 2) {
    const float y = __shfl_xor_sync(0xffffffffu, x, off);
    x = take_max ? fmaxf(x, y) : x + y;
  }
  const int warp = threadIdx.x / 32, lane = threadIdx.x % 32;
  __syncthreads();
  if (lane == 0) scratch[warp] = x;
  __syncthreads();
  float r = scratch[0];
  for (int w = 1; w < kThreads / 32; ++w) r = take_max ? fmaxf(r, scratch[w]) : r + scratch[w];
  return r;
}

template <class T>
__global__ void __launch_bounds__(kThreads) softmax_rows(DeviceShape shape, const std::int64_t* s_offsets,
                                                         const float* __restrict__ s, T* __restrict__ p) {
  __shared__ float scratch[kThreads / 32];
  const int packed = blockIdx.x, h = blockIdx.y;
  const int b = sequence_of(shape.q_offsets, shape.batch, packed);
  const int lq = shape.q_offsets[b + 1] - shape.q_offsets[b], lk = shape.k_offsets[b + 1] - shape.k_offsets[b];
  const int i = packed - shape.q_offsets[b];
  const int pos = query_position(i, lq, lk);
  const std::int64_t base = s_offsets[b] + (static_cast<std::int64_t>(h) * lq + i) * lk;
  float m = -INFINITY;
  for (int j = threadIdx.x; j < lk; j += kThreads) {
    if (mask_allows(shape.mask, pos, j)) m = fmaxf(m, s[base + j]);
  }
  m = block_reduce(m, true, scratch);
  RowState st;
  online_rescale(st, m);
  float sum = 0.0f;
  for (int j = threadIdx.x; j < lk; j += kThreads) {
    if (mask_allows(shape.mask, pos, j)) sum += online_weight(st, s[base + j]);
  }
  st.l = block_reduce(sum, false, scratch);
  const float inv = online_finish(st);
  for (int j = threadIdx.x; j < lk; j += kThreads) {
    const float w = mask_allows(shape.mask, pos, j) && st.l > 0.0f ? online_weight(st, s[base + j]) * inv : 0.0f;
    p[base + j] = from_float<T>(w);
  }
}

template <class T>
int launch_typed(const DeviceShape& shape, const std::int64_t* s_offsets, const float* s, void* p,
                 cudaStream_t stream) {
  if (shape.total_q == 0) return 0;
  const dim3 grid(shape.total_q, shape.q_heads);
  softmax_rows<T><<<grid, kThreads, 0, stream>>>(shape, s_offsets, s, static_cast<T*>(p));
  return static_cast<int>(cudaGetLastError());
}

}  // namespace

int launch_softmax_rows(const DeviceShape& shape, const std::int64_t* s_offsets, const float* s, Elem elem, void* p,
                        void* stream) {
  auto st = static_cast<cudaStream_t>(stream);
  switch (elem) {
    case Elem::f32: return launch_typed<float>(shape, s_offsets, s, p, st);
    case Elem::f16: return launch_typed<__half>(shape, s_offsets, s, p, st);
    case Elem::bf16: return launch_typed<__nv_bfloat16>(shape, s_offsets, s, p, st);
  }
  return static_cast<int>(cudaErrorInvalidValue);
}

}  // namespace attention::cuda
