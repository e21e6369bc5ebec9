// CUDA fused dequant-matvec kernels. One CUDA block of 128 threads per output row; threads
// stride over the row's quantized units (a Q4_0/Q8_0 block, a 32-element Q4_K/Q5_K sub-block,
// a 16-element Q6_K sub-block), each calling the same __host__ __device__ block functions the
// CPU tests cover, then a warp-shuffle + shared-memory reduction. Activations stay f32.
// Not yet run on a GPU.
#include <cuda_runtime.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <stdexcept>
#include <string>

#include "quant_llm/blocks.hpp"
#include "quant_llm/llama_cuda.hpp"
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

// Dense formats, in units of 32 elements. Unlike block formats their rows may end mid-unit
// (the CPU takes any column count), so at() also serves the kernel's tail loop.
template <class F>
struct DenseFormat {
  static constexpr int unit_elems = 32;
  __device__ static float dot(const std::uint8_t* row, long long u, const float* x) {
    float s = 0.f;
    for (int i = 0; i < 32; ++i) s += F::at(row, u * 32 + i) * x[u * 32 + i];
    return s;
  }
};
template <>
struct Format<0> : DenseFormat<Format<0>> {  // F32
  __device__ static float at(const std::uint8_t* row, long long i) { return reinterpret_cast<const float*>(row)[i]; }
};
template <>
struct Format<1> : DenseFormat<Format<1>> {  // F16
  __device__ static float at(const std::uint8_t* row, long long i) { return load_fp16(row + 2 * i); }
};
template <>
struct Format<30> : DenseFormat<Format<30>> {  // BF16
  __device__ static float at(const std::uint8_t* row, long long i) { return bf16_to_fp32(load_u16(row + 2 * i)); }
};

template <class F>
concept DenseRows = requires(const std::uint8_t* row, long long i) { F::at(row, i); };

template <int T>
__global__ void matvec_kernel(const std::uint8_t* __restrict__ w, long long row_bytes, long long units, long long cols,
                              const float* __restrict__ x, float* __restrict__ y) {
  const long long r = blockIdx.x;
  const std::uint8_t* row = w + r * row_bytes;
  float s = 0.f;
  for (long long u = threadIdx.x; u < units; u += kThreads) s += Format<T>::dot(row, u, x);
  if constexpr (DenseRows<Format<T>>) {
    for (long long i = units * 32 + threadIdx.x; i < cols; i += kThreads) s += Format<T>::at(row, i) * x[i];
  }
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
  matvec_kernel<T><<<static_cast<unsigned>(w.rows), kThreads, 0, s>>>(dw, w.row_bytes(), units, w.cols, dx, dy);
}

// Any supported weight type; `w` gives the shape, `dw` its bytes on the device.
void launch_matvec(const WeightView& w, const std::uint8_t* dw, const float* dx, float* dy, cudaStream_t s) {
  switch (w.type) {
    case GgmlType::F32: launch<0>(w, dw, dx, dy, s); break;
    case GgmlType::F16: launch<1>(w, dw, dx, dy, s); break;
    case GgmlType::BF16: launch<30>(w, dw, dx, dy, s); break;
    case GgmlType::Q4_0: launch<2>(w, dw, dx, dy, s); break;
    case GgmlType::Q8_0: launch<8>(w, dw, dx, dy, s); break;
    case GgmlType::Q4_K: launch<12>(w, dw, dx, dy, s); break;
    case GgmlType::Q5_K: launch<13>(w, dw, dx, dy, s); break;
    case GgmlType::Q6_K: launch<14>(w, dw, dx, dy, s); break;
  }
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
  // run() enqueues on a non-blocking stream, which does not wait for the legacy stream above.
  check(cudaDeviceSynchronize(), "upload");
}
DeviceMatvec::~DeviceMatvec() = default;
DeviceMatvec::DeviceMatvec(DeviceMatvec&&) noexcept = default;
DeviceMatvec& DeviceMatvec::operator=(DeviceMatvec&&) noexcept = default;

void DeviceMatvec::run(void* stream, Dispatch* dispatch) {
  auto* s = static_cast<cudaStream_t>(stream);
  const auto& w = impl_->w;
  launch_matvec(w, impl_->dw, impl_->dx, impl_->dy, s);
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

// ============================================================================ Llama decode

namespace quant::cuda {
namespace {

// The embedding row of *token, dequantized with the shared block functions.
__global__ void embed_kernel(int type, const std::uint8_t* __restrict__ table, long long row_bytes, long long cols,
                             const int* __restrict__ tp, float* __restrict__ y) {
  const std::uint8_t* row = table + static_cast<long long>(tp[0]) * row_bytes;
  switch (static_cast<GgmlType>(type)) {
    case GgmlType::F32:
      for (long long i = threadIdx.x; i < cols; i += blockDim.x) y[i] = reinterpret_cast<const float*>(row)[i];
      break;
    case GgmlType::F16:
      for (long long i = threadIdx.x; i < cols; i += blockDim.x) y[i] = load_fp16(row + 2 * i);
      break;
    case GgmlType::BF16:
      for (long long i = threadIdx.x; i < cols; i += blockDim.x) y[i] = bf16_to_fp32(load_u16(row + 2 * i));
      break;
    case GgmlType::Q4_0:
      for (long long u = threadIdx.x; u < cols / 32; u += blockDim.x) dequant_block_q4_0(row + u * kQ4_0Bytes, y + u * 32);
      break;
    case GgmlType::Q8_0:
      for (long long u = threadIdx.x; u < cols / 32; u += blockDim.x) dequant_block_q8_0(row + u * kQ8_0Bytes, y + u * 32);
      break;
    case GgmlType::Q4_K:
      for (long long u = threadIdx.x; u < cols / 32; u += blockDim.x) {
        dequant_sub_q4_k(row + (u / 8) * kQ4_KBytes, static_cast<int>(u % 8), y + u * 32);
      }
      break;
    case GgmlType::Q5_K:
      for (long long u = threadIdx.x; u < cols / 32; u += blockDim.x) {
        dequant_sub_q5_k(row + (u / 8) * kQ5_KBytes, static_cast<int>(u % 8), y + u * 32);
      }
      break;
    case GgmlType::Q6_K:
      for (long long u = threadIdx.x; u < cols / 16; u += blockDim.x) {
        dequant_sub_q6_k(row + (u / 16) * kQ6_KBytes, static_cast<int>(u % 16), y + u * 16);
      }
      break;
  }
}

// Block-wide sum over 256 threads.
__device__ float block_sum_256(float v, float* shared) {
  for (int off = 16; off > 0; off >>= 1) v += __shfl_down_sync(0xffffffffu, v, off);
  if ((threadIdx.x & 31) == 0) shared[threadIdx.x / 32] = v;
  __syncthreads();
  float t = 0.f;
  for (int i = 0; i < 8; ++i) t += shared[i];
  __syncthreads();
  return t;
}
__device__ float block_max_256(float v, float* shared) {
  for (int off = 16; off > 0; off >>= 1) v = fmaxf(v, __shfl_down_sync(0xffffffffu, v, off));
  if ((threadIdx.x & 31) == 0) shared[threadIdx.x / 32] = v;
  __syncthreads();
  float t = shared[0];
  for (int i = 1; i < 8; ++i) t = fmaxf(t, shared[i]);
  __syncthreads();
  return t;
}

// One block of 256 threads: y = x / sqrt(mean(x^2) + eps) * w.
__global__ void rmsnorm_kernel(const float* __restrict__ x, const float* __restrict__ w, float* __restrict__ y, int n,
                               float eps) {
  __shared__ float shared[8];
  float s = 0.f;
  for (int i = threadIdx.x; i < n; i += 256) s += x[i] * x[i];
  const float total = block_sum_256(s, shared);
  const float scale = 1.0f / sqrtf(total / static_cast<float>(n) + eps);
  for (int i = threadIdx.x; i < n; i += 256) y[i] = x[i] * scale * w[i];
}

// NORM RoPE on q (n_head heads) and k (n_head_kv heads) at position tp[1]; one thread per pair.
// theta = pos * theta_scale^i by repeated multiplication, as the CPU's rope_norm (and ggml) forms
// it, so that both round the same way.
__global__ void rope_kernel(float* __restrict__ q, float* __restrict__ k, int n_head, int n_head_kv, int hd,
                            const int* __restrict__ tp, float theta_scale) {
  const int pairs = hd / 2;
  const int idx = blockIdx.x * blockDim.x + threadIdx.x;
  if (idx >= (n_head + n_head_kv) * pairs) return;
  const int head = idx / pairs, i = idx % pairs;
  float theta = static_cast<float>(tp[1]);
  for (int j = 0; j < i; ++j) theta *= theta_scale;
  float* v = head < n_head ? q + head * hd : k + (head - n_head) * hd;
  rope_pair(&v[2 * i], &v[2 * i + 1], cosf(theta), sinf(theta));
}

__global__ void kv_store_kernel(const float* __restrict__ k, const float* __restrict__ v, std::uint16_t* kc,
                                std::uint16_t* vc, int kvw, const int* __restrict__ tp) {
  const int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= kvw) return;
  const long long at = static_cast<long long>(tp[1]) * kvw + i;
  kc[at] = fp32_to_fp16(k[i]);
  vc[at] = fp32_to_fp16(v[i]);
}

// One block (256 threads) per q-head: softmax(q K^T / sqrt(hd)) V over positions 0..tp[1].
__global__ void attention_kernel(const float* __restrict__ q, const std::uint16_t* __restrict__ kc,
                                 const std::uint16_t* __restrict__ vc, float* __restrict__ out, int hd, int kvw,
                                 int group, const int* __restrict__ tp, float scale) {
  extern __shared__ float scores[];
  __shared__ float shared[8];
  const int h = blockIdx.x, kvh = h / group, n = tp[1] + 1;
  const float* qh = q + h * hd;
  float mx = -INFINITY;
  for (int t = threadIdx.x; t < n; t += 256) {
    const std::uint16_t* kr = kc + static_cast<long long>(t) * kvw + kvh * hd;
    float d = 0.f;
    for (int i = 0; i < hd; ++i) d += qh[i] * fp16_to_fp32(kr[i]);
    scores[t] = d * scale;
    mx = fmaxf(mx, scores[t]);
  }
  mx = block_max_256(mx, shared);
  float sum = 0.f;
  for (int t = threadIdx.x; t < n; t += 256) {
    scores[t] = expf(scores[t] - mx);
    sum += scores[t];
  }
  sum = block_sum_256(sum, shared);  // also orders the score writes before the reads below
  const float inv = 1.0f / sum;
  for (int i = threadIdx.x; i < hd; i += 256) {
    float o = 0.f;
    for (int t = 0; t < n; ++t) o += scores[t] * fp16_to_fp32(vc[static_cast<long long>(t) * kvw + kvh * hd + i]);
    out[h * hd + i] = o * inv;
  }
}

__global__ void add_kernel(float* __restrict__ x, const float* __restrict__ y, int n) {
  const int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) x[i] += y[i];
}
__global__ void silu_mul_kernel(float* __restrict__ g, const float* __restrict__ u, int n) {
  const int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) g[i] = silu(g[i]) * u[i];
}

unsigned blocks_for(long long n, int threads) { return static_cast<unsigned>((n + threads - 1) / threads); }

struct DeviceWeight {
  WeightView shape;  // host view: type and shape; data unused on the device side
  std::uint8_t* d = nullptr;
};

}  // namespace

struct LlamaCuda::Impl {
  const LlamaModel* model = nullptr;
  std::int64_t max_tokens = 0, pos = 0;
  std::vector<void*> allocations;
  std::vector<std::array<DeviceWeight, 7>> layers;  // q k v o gate up down
  std::vector<std::pair<float*, float*>> norms;     // attn_norm, ffn_norm
  DeviceWeight embd, output;
  float* output_norm = nullptr;
  float *x = nullptr, *xn = nullptr, *q = nullptr, *k = nullptr, *v = nullptr, *att = nullptr, *tmp = nullptr,
        *gate = nullptr, *up = nullptr, *logits = nullptr;
  std::uint16_t *kc = nullptr, *vc = nullptr;
  int* d_tp = nullptr;   // token, position
  int* h_tp = nullptr;   // pinned
  float* h_logits = nullptr;  // pinned
  std::vector<float> result;
  cudaStream_t own = nullptr;
  cudaGraphExec_t graph = nullptr;
  cudaStream_t graph_stream = nullptr;
  Dispatch dispatch;

  template <class T>
  T* alloc(std::size_t count) {
    void* p = nullptr;
    check(cudaMalloc(&p, count * sizeof(T)), "cudaMalloc");
    allocations.push_back(p);
    return static_cast<T*>(p);
  }
  DeviceWeight upload(const WeightView& w) {
    DeviceWeight d{w, alloc<std::uint8_t>(static_cast<std::size_t>(w.bytes()))};
    check(cudaMemcpy(d.d, w.data, static_cast<std::size_t>(w.bytes()), cudaMemcpyHostToDevice), "upload weight");
    return d;
  }
  float* upload(const float* p, std::int64_t n) {
    float* d = alloc<float>(static_cast<std::size_t>(n));
    check(cudaMemcpy(d, p, static_cast<std::size_t>(n) * sizeof(float), cudaMemcpyHostToDevice), "upload norm");
    return d;
  }
  ~Impl() {
    if (graph) cudaGraphExecDestroy(graph);
    for (void* p : allocations) cudaFree(p);
    if (h_tp) cudaFreeHost(h_tp);
    if (h_logits) cudaFreeHost(h_logits);
    if (own) cudaStreamDestroy(own);
  }

  void matvec(const DeviceWeight& w, const float* in, float* out, cudaStream_t s) {
    launch_matvec(w.shape, w.d, in, out, s);
    dispatch.record(w.shape.type, is_quantized(w.shape.type) ? MatvecPath::fused_cuda : MatvecPath::dense_f32);
  }

  // Every kernel of one token, reading token and position from d_tp.
  void enqueue(cudaStream_t s) {
    const auto& c = model->config();
    const int e = static_cast<int>(c.n_embd), hd = static_cast<int>(c.head_dim()),
              kvw = static_cast<int>(c.n_head_kv * c.head_dim()), ff = static_cast<int>(c.n_ff);
    const float theta_scale = std::pow(c.freq_base, -2.0f / static_cast<float>(c.n_rot));  // as rope_norm
    embed_kernel<<<1, 256, 0, s>>>(static_cast<int>(embd.shape.type), embd.d, embd.shape.row_bytes(), c.n_embd, d_tp, x);
    for (std::size_t l = 0; l < layers.size(); ++l) {
      const auto& L = layers[l];
      std::uint16_t* kcl = kc + static_cast<long long>(l) * max_tokens * kvw;
      std::uint16_t* vcl = vc + static_cast<long long>(l) * max_tokens * kvw;
      rmsnorm_kernel<<<1, 256, 0, s>>>(x, norms[l].first, xn, e, c.eps);
      matvec(L[0], xn, q, s);
      matvec(L[1], xn, k, s);
      matvec(L[2], xn, v, s);
      rope_kernel<<<blocks_for((c.n_head + c.n_head_kv) * hd / 2, 128), 128, 0, s>>>(
          q, k, static_cast<int>(c.n_head), static_cast<int>(c.n_head_kv), hd, d_tp, theta_scale);
      kv_store_kernel<<<blocks_for(kvw, 128), 128, 0, s>>>(k, v, kcl, vcl, kvw, d_tp);
      attention_kernel<<<static_cast<unsigned>(c.n_head), 256, static_cast<std::size_t>(max_tokens) * sizeof(float), s>>>(
          q, kcl, vcl, att, hd, kvw, static_cast<int>(c.n_head / c.n_head_kv), d_tp, 1.0f / sqrtf(static_cast<float>(hd)));
      matvec(L[3], att, tmp, s);
      add_kernel<<<blocks_for(e, 256), 256, 0, s>>>(x, tmp, e);
      rmsnorm_kernel<<<1, 256, 0, s>>>(x, norms[l].second, xn, e, c.eps);
      matvec(L[4], xn, gate, s);
      matvec(L[5], xn, up, s);
      silu_mul_kernel<<<blocks_for(ff, 256), 256, 0, s>>>(gate, up, ff);
      matvec(L[6], gate, tmp, s);
      add_kernel<<<blocks_for(e, 256), 256, 0, s>>>(x, tmp, e);
    }
    rmsnorm_kernel<<<1, 256, 0, s>>>(x, output_norm, xn, e, c.eps);
    matvec(output, xn, logits, s);
    check(cudaMemcpyAsync(h_logits, logits, static_cast<std::size_t>(c.n_vocab) * sizeof(float), cudaMemcpyDeviceToHost, s),
          "download logits");
  }
};

LlamaCuda::LlamaCuda(const LlamaModel& model, std::int64_t max_tokens) : impl_(std::make_unique<Impl>()) {
  auto& m = *impl_;
  const auto& c = model.config();
  m.model = &model;
  m.max_tokens = max_tokens;
  // attention_kernel's scores (dynamic) and its 8-float reduction buffer (static) share the
  // 48 KiB a block gets without an opt-in.
  constexpr std::size_t kSharedLimit = 48 * 1024, kStaticShared = 8 * sizeof(float);
  if (static_cast<std::size_t>(max_tokens) * sizeof(float) + kStaticShared > kSharedLimit) {
    throw std::invalid_argument("LlamaCuda: attention keeps scores in shared memory; at most " +
                                std::to_string((kSharedLimit - kStaticShared) / sizeof(float)) + " tokens");
  }
  check(cudaStreamCreateWithFlags(&m.own, cudaStreamNonBlocking), "cudaStreamCreate");
  for (const auto& L : model.layers()) {
    m.layers.push_back({m.upload(L.wq), m.upload(L.wk), m.upload(L.wv), m.upload(L.wo), m.upload(L.gate),
                        m.upload(L.up), m.upload(L.down)});
    m.norms.emplace_back(m.upload(L.attn_norm, c.n_embd), m.upload(L.ffn_norm, c.n_embd));
  }
  m.embd = m.upload(model.token_embd());
  m.output = model.output().data == model.token_embd().data ? m.embd : m.upload(model.output());
  m.output_norm = m.upload(model.output_norm(), c.n_embd);
  const auto kvw = static_cast<std::size_t>(c.n_head_kv * c.head_dim());
  m.x = m.alloc<float>(static_cast<std::size_t>(c.n_embd));
  m.xn = m.alloc<float>(static_cast<std::size_t>(c.n_embd));
  m.tmp = m.alloc<float>(static_cast<std::size_t>(c.n_embd));
  m.q = m.alloc<float>(static_cast<std::size_t>(c.n_head * c.head_dim()));
  m.att = m.alloc<float>(static_cast<std::size_t>(c.n_head * c.head_dim()));
  m.k = m.alloc<float>(kvw);
  m.v = m.alloc<float>(kvw);
  m.gate = m.alloc<float>(static_cast<std::size_t>(c.n_ff));
  m.up = m.alloc<float>(static_cast<std::size_t>(c.n_ff));
  m.logits = m.alloc<float>(static_cast<std::size_t>(c.n_vocab));
  m.kc = m.alloc<std::uint16_t>(static_cast<std::size_t>(c.n_layer * max_tokens) * kvw);
  m.vc = m.alloc<std::uint16_t>(static_cast<std::size_t>(c.n_layer * max_tokens) * kvw);
  m.d_tp = m.alloc<int>(2);
  check(cudaMallocHost(reinterpret_cast<void**>(&m.h_tp), 2 * sizeof(int)), "cudaMallocHost");
  check(cudaMallocHost(reinterpret_cast<void**>(&m.h_logits), static_cast<std::size_t>(c.n_vocab) * sizeof(float)),
        "cudaMallocHost");
  m.result.resize(static_cast<std::size_t>(c.n_vocab));
  // forward() may run on a non-blocking stream, which does not wait for the legacy-stream uploads.
  check(cudaDeviceSynchronize(), "upload");
}

LlamaCuda::~LlamaCuda() = default;

const std::vector<float>& LlamaCuda::forward(int token, void* stream, bool use_graph) {
  auto& m = *impl_;
  const auto& c = m.model->config();
  if (token < 0 || token >= c.n_vocab) throw std::out_of_range("token id out of range");
  if (m.pos >= m.max_tokens) throw std::length_error("KV cache full");
  cudaStream_t s = stream ? static_cast<cudaStream_t>(stream) : m.own;
  m.h_tp[0] = token;
  m.h_tp[1] = static_cast<int>(m.pos);
  check(cudaMemcpyAsync(m.d_tp, m.h_tp, 2 * sizeof(int), cudaMemcpyHostToDevice, s), "upload token");
  if (use_graph) {
    if (!m.graph) {
      cudaGraph_t g = nullptr;
      check(cudaStreamBeginCapture(s, cudaStreamCaptureModeThreadLocal), "begin capture");
      try {
        m.enqueue(s);
      } catch (...) {
        // Left capturing, the stream (maybe the caller's) would refuse all later work.
        cudaStreamEndCapture(s, &g);
        if (g) cudaGraphDestroy(g);
        cudaGetLastError();
        throw;
      }
      check(cudaStreamEndCapture(s, &g), "end capture");
      const cudaError_t made = cudaGraphInstantiate(&m.graph, g, 0);
      cudaGraphDestroy(g);
      check(made, "instantiate graph");
    } else {
      // replays record their matvecs too
      for (const auto& L : m.layers) {
        for (const auto& w : L) {
          m.dispatch.record(w.shape.type, is_quantized(w.shape.type) ? MatvecPath::fused_cuda : MatvecPath::dense_f32);
        }
      }
      m.dispatch.record(m.output.shape.type,
                        is_quantized(m.output.shape.type) ? MatvecPath::fused_cuda : MatvecPath::dense_f32);
    }
    check(cudaGraphLaunch(m.graph, s), "graph launch");
  } else {
    m.enqueue(s);
    check(cudaGetLastError(), "kernel launch");
  }
  check(cudaStreamSynchronize(s), "synchronize");
  std::copy(m.h_logits, m.h_logits + c.n_vocab, m.result.begin());
  ++m.pos;
  return m.result;
}

std::vector<int> LlamaCuda::generate(const std::vector<int>& prompt, int n_gen, void* stream, bool use_graph) {
  if (prompt.empty()) throw std::invalid_argument("generate: empty prompt");
  std::vector<int> out;
  const std::vector<float>* logits = nullptr;
  for (int t : prompt) logits = &forward(t, stream, use_graph);
  for (int i = 0; i < n_gen; ++i) {
    const int next = argmax(*logits);
    out.push_back(next);
    if (i + 1 < n_gen) logits = &forward(next, stream, use_graph);
  }
  return out;
}

void LlamaCuda::reset() { impl_->pos = 0; }
std::int64_t LlamaCuda::position() const { return impl_->pos; }
Dispatch& LlamaCuda::dispatch() { return impl_->dispatch; }

}  // namespace quant::cuda
