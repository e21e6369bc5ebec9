// CUDA fused dequant-matvec kernels. One CUDA block of 128 threads per output row; threads
// stride over the row's quantized units (a Q4_0/Q8_0 block, a 32-element Q4_K/Q5_K sub-block,
// a 16-element Q6_K sub-block), each calling the same __host__ __device__ block functions the
// CPU tests cover, then a warp-shuffle + shared-memory reduction. Activations stay f32.
// Not yet run on a GPU.
#include <cuda_runtime.h>

#include <stdexcept>
#include <string>

#include "quant_llm/blocks.hpp"
#include "quant_llm/matvec_cuda.hpp"

namespace quant::cuda {
namespace {

constexpr int kThreads = 128;

void check(cudaError_t e, const char* what) {
  if (e != cudaSuccess) throw std::runtime_error(std::string("CUDA ") + what + ": " + cudaGetErrorString(e));
}

// Units per row and the dot of one unit, per format.
template <int T>
struct Format;
template <>
struct Format<2> {  // Q4_0
  static constexpr int unit_elems = 32;
  __device__ static float dot(const std::uint8_t* row, long long u, const float* x) {
    return dot_block_q4_0(row + u * kQ4_0Bytes, x + u * 32);
  }
};
template <>
struct Format<8> {  // Q8_0
  static constexpr int unit_elems = 32;
  __device__ static float dot(const std::uint8_t* row, long long u, const float* x) {
    return dot_block_q8_0(row + u * kQ8_0Bytes, x + u * 32);
  }
};
template <>
struct Format<12> {  // Q4_K: 8 sub-blocks of 32
  static constexpr int unit_elems = 32;
  __device__ static float dot(const std::uint8_t* row, long long u, const float* x) {
    return dot_sub_q4_k(row + (u / 8) * kQ4_KBytes, static_cast<int>(u % 8), x + u * 32);
  }
};
template <>
struct Format<13> {  // Q5_K
  static constexpr int unit_elems = 32;
  __device__ static float dot(const std::uint8_t* row, long long u, const float* x) {
    return dot_sub_q5_k(row + (u / 8) * kQ5_KBytes, static_cast<int>(u % 8), x + u * 32);
  }
};
template <>
struct Format<14> {  // Q6_K: 16 sub-blocks of 16
  static constexpr int unit_elems = 16;
  __device__ static float dot(const std::uint8_t* row, long long u, const float* x) {
    return dot_sub_q6_k(row + (u / 16) * kQ6_KBytes, static_cast<int>(u % 16), x + u * 16);
  }
};

template <int T>
__global__ void matvec_kernel(const std::uint8_t* __restrict__ w, long long row_bytes, long long units,
                              const float* __restrict__ x, float* __restrict__ y) {
  const long long r = blockIdx.x;
  const std::uint8_t* row = w + r * row_bytes;
  float s = 0.f;
  for (long long u = threadIdx.x; u < units; u += kThreads) s += Format<T>::dot(row, u, x);
  for (int off = 16; off > 0; off >>= 1) s += __shfl_down_sync(0xffffffffu, s, off);
  __shared__ float warp_sums[kThreads / 32];
  if ((threadIdx.x & 31) == 0) warp_sums[threadIdx.x / 32] = s;
  __syncthreads();
  if (threadIdx.x == 0) {
    float t = 0.f;
    for (int i = 0; i < kThreads / 32; ++i) t += warp_sums[i];
    y[r] = t;
  }
}

template <int T>
void launch(const WeightView& w, const std::uint8_t* dw, const float* dx, float* dy, cudaStream_t s) {
  const long long units = w.cols / Format<T>::unit_elems;
  matvec_kernel<T><<<static_cast<unsigned>(w.rows), kThreads, 0, s>>>(dw, w.row_bytes(), units, dx, dy);
}

}  // namespace

struct DeviceMatvec::Impl {
  WeightView w;
  std::uint8_t* dw = nullptr;
  float* dx = nullptr;
  float* dy = nullptr;
  ~Impl() {
    cudaFree(dw);
    cudaFree(dx);
    cudaFree(dy);
  }
};

bool available(std::string* why) {
  int n = 0;
  const cudaError_t e = cudaGetDeviceCount(&n);
  if (e != cudaSuccess || n == 0) {
    if (why) *why = e != cudaSuccess ? std::string("no CUDA device: ") + cudaGetErrorString(e) : "no CUDA device";
    return false;
  }
  return true;
}

DeviceMatvec::DeviceMatvec(const WeightView& w, const float* x) : impl_(std::make_unique<Impl>()) {
  if (!is_quantized(w.type)) throw std::invalid_argument("CUDA matvec supports quantized weights only");
  if (w.rows > 0x7FFFFFFF) throw std::invalid_argument("CUDA matvec: too many rows for one grid dimension");
  impl_->w = w;
  const auto wb = static_cast<std::size_t>(w.bytes());
  check(cudaMalloc(&impl_->dw, wb), "cudaMalloc(weights)");
  check(cudaMalloc(&impl_->dx, static_cast<std::size_t>(w.cols) * sizeof(float)), "cudaMalloc(x)");
  check(cudaMalloc(&impl_->dy, static_cast<std::size_t>(w.rows) * sizeof(float)), "cudaMalloc(y)");
  check(cudaMemcpy(impl_->dw, w.data, wb, cudaMemcpyHostToDevice), "upload weights");
  check(cudaMemcpy(impl_->dx, x, static_cast<std::size_t>(w.cols) * sizeof(float), cudaMemcpyHostToDevice), "upload x");
  check(cudaMemset(impl_->dy, 0, static_cast<std::size_t>(w.rows) * sizeof(float)), "clear y");
}
DeviceMatvec::~DeviceMatvec() = default;
DeviceMatvec::DeviceMatvec(DeviceMatvec&&) noexcept = default;
DeviceMatvec& DeviceMatvec::operator=(DeviceMatvec&&) noexcept = default;

void DeviceMatvec::run(void* stream, Dispatch* dispatch) {
  auto* s = static_cast<cudaStream_t>(stream);
  const auto& w = impl_->w;
  switch (w.type) {
    case GgmlType::Q4_0: launch<2>(w, impl_->dw, impl_->dx, impl_->dy, s); break;
    case GgmlType::Q8_0: launch<8>(w, impl_->dw, impl_->dx, impl_->dy, s); break;
    case GgmlType::Q4_K: launch<12>(w, impl_->dw, impl_->dx, impl_->dy, s); break;
    case GgmlType::Q5_K: launch<13>(w, impl_->dw, impl_->dx, impl_->dy, s); break;
    case GgmlType::Q6_K: launch<14>(w, impl_->dw, impl_->dx, impl_->dy, s); break;
    default: throw std::invalid_argument("CUDA matvec: unsupported type");
  }
  check(cudaGetLastError(), "kernel launch");
  if (dispatch) dispatch->record(w.type, MatvecPath::fused_cuda);
}

std::vector<float> DeviceMatvec::result(void* stream) {
  std::vector<float> y(static_cast<std::size_t>(impl_->w.rows));
  auto* s = static_cast<cudaStream_t>(stream);
  check(cudaMemcpyAsync(y.data(), impl_->dy, y.size() * sizeof(float), cudaMemcpyDeviceToHost, s), "download y");
  check(cudaStreamSynchronize(s), "synchronize");
  return y;
}

}  // namespace quant::cuda
