// CudaPrefill: the cuda_naive (cuBLAS + softmax kernel + cuBLAS) and cuda_flash (fused kernel)
// variants' host side: upload, launch, read back.
#include <cublas_v2.h>

#include <algorithm>
#include <cstdint>

#include "attention/cuda_attention.hpp"
#include "attention/cuda_device_buffer.hpp"
#include "attention/cuda_launch.hpp"

namespace attention {

using cuda::check;
using cuda::DeviceBuffer;

bool cuda_available(std::string* reason) { return cuda::device_present(reason); }

namespace {

void check_cublas(cublasStatus_t status, const char* what) {
  if (status != CUBLAS_STATUS_SUCCESS) {
    throw std::runtime_error(std::string(what) + ": cuBLAS status " + std::to_string(static_cast<int>(status)));
  }
}

cuda::Elem elem_of(DType t) {
  switch (t) {
    case DType::f32: return cuda::Elem::f32;
    case DType::f16: return cuda::Elem::f16;
    case DType::bf16: return cuda::Elem::bf16;
  }
  return cuda::Elem::f32;
}

cudaDataType_t cuda_type(DType t) {
  switch (t) {
    case DType::f32: return CUDA_R_32F;
    case DType::f16: return CUDA_R_16F;
    case DType::bf16: return CUDA_R_16BF;
  }
  return CUDA_R_32F;
}

DeviceBuffer upload_as(DType t, std::span<const float> values) {
  if (t == DType::f32) return DeviceBuffer::upload(std::vector<float>(values.begin(), values.end()));
  return DeviceBuffer::upload(to_bits(t, values));
}

}  // namespace

struct CudaPrefill::Impl {
  CudaPrefillAlgo algo;
  Shape shape;
  DType dtype;
  DeviceBuffer q, k, v, o, q_offsets, k_offsets;
  cuda::DeviceShape device;
  // naive only
  cublasHandle_t cublas = nullptr;
  DeviceBuffer s, p, s_offsets, qk_ptrs, pv_ptrs;  // pointer arrays per sequence: [A, B, C] x heads
  std::vector<std::int64_t> host_s_offsets;
  cudaStream_t last_stream = nullptr;  // where the last run was enqueued

  ~Impl() {
    if (cublas) cublasDestroy(cublas);
  }
};

CudaPrefill::CudaPrefill(CudaPrefillAlgo algo, const Shape& shape, DType dtype, std::span<const float> q,
                         std::span<const float> k, std::span<const float> v)
    : impl_(std::make_unique<Impl>()) {
  shape.validate(q.size(), k.size(), v.size());
  std::string reason;
  if (!cuda::device_present(&reason)) throw std::runtime_error(reason);
  if (algo == CudaPrefillAlgo::flash) {
    if (dtype == DType::f32) throw std::invalid_argument("cuda_flash takes f16 or bf16 inputs, not f32");
    if (shape.head_dim != 64 && shape.head_dim != 128) {
      throw std::invalid_argument("cuda_flash supports head_dim 64 and 128, not " + std::to_string(shape.head_dim));
    }
  }
  Impl& m = *impl_;
  m.algo = algo;
  m.shape = shape;
  m.dtype = dtype;
  m.q = upload_as(dtype, q);
  m.k = upload_as(dtype, k);
  m.v = upload_as(dtype, v);
  m.o = DeviceBuffer(shape.q_elements() * sizeof(float));
  m.q_offsets = DeviceBuffer::upload(shape.q_offsets);
  m.k_offsets = DeviceBuffer::upload(shape.k_offsets);
  int max_q = 0;
  for (int b = 0; b < shape.batch(); ++b) max_q = std::max(max_q, shape.q_len(b));
  m.device = cuda::DeviceShape{shape.batch(),         shape.q_heads,        shape.kv_heads,
                               shape.head_dim,        m.q_offsets.as<int>(), m.k_offsets.as<int>(),
                               shape.mask,            shape.softmax_scale(), shape.total_q(),
                               max_q};
  if (algo == CudaPrefillAlgo::naive) {
    check_cublas(cublasCreate(&m.cublas), "cublasCreate");
    // Default math: tensor cores for f16/bf16; f32 stays f32 (CUBLAS_COMPUTE_32F never uses TF32).
    check_cublas(cublasSetMathMode(m.cublas, CUBLAS_DEFAULT_MATH), "cublasSetMathMode");
    m.host_s_offsets.assign(1, 0);
    for (int b = 0; b < shape.batch(); ++b) {
      m.host_s_offsets.push_back(m.host_s_offsets.back() +
                                 static_cast<std::int64_t>(shape.q_heads) * shape.q_len(b) * shape.k_len(b));
    }
    const auto s_elements = static_cast<std::size_t>(m.host_s_offsets.back());
    m.s = DeviceBuffer(s_elements * sizeof(float));
    m.p = DeviceBuffer(s_elements * static_cast<std::size_t>(dtype_bytes(dtype)));
    m.s_offsets = DeviceBuffer::upload(m.host_s_offsets);
    // Pointer arrays per sequence: [A pointers x heads][B x heads][C x heads] for each product.
    const int hq = shape.q_heads, hk = shape.kv_heads, d = shape.head_dim, eb = dtype_bytes(dtype);
    std::vector<const void*> qk, pv;
    const char* qb = m.q.as<char>();
    const char* kb = m.k.as<char>();
    const char* vb = m.v.as<char>();
    for (int b = 0; b < shape.batch(); ++b) {
      std::vector<const void*> qk_a, qk_b, qk_c, pv_a, pv_b, pv_c;
      for (int h = 0; h < hq; ++h) {
        const int kh = h / shape.group();
        const std::int64_t s_at = m.host_s_offsets[b] + static_cast<std::int64_t>(h) * shape.q_len(b) * shape.k_len(b);
        qk_a.push_back(kb + (static_cast<std::int64_t>(shape.k_offsets[b]) * hk + kh) * d * eb);
        qk_b.push_back(qb + (static_cast<std::int64_t>(shape.q_offsets[b]) * hq + h) * d * eb);
        qk_c.push_back(m.s.as<float>() + s_at);
        pv_a.push_back(vb + (static_cast<std::int64_t>(shape.k_offsets[b]) * hk + kh) * d * eb);
        pv_b.push_back(m.p.as<char>() + s_at * eb);
        pv_c.push_back(m.o.as<float>() + (static_cast<std::int64_t>(shape.q_offsets[b]) * hq + h) * d);
      }
      for (auto* part : {&qk_a, &qk_b, &qk_c}) qk.insert(qk.end(), part->begin(), part->end());
      for (auto* part : {&pv_a, &pv_b, &pv_c}) pv.insert(pv.end(), part->begin(), part->end());
    }
    m.qk_ptrs = DeviceBuffer::upload(qk);
    m.pv_ptrs = DeviceBuffer::upload(pv);
  }
  check(cudaDeviceSynchronize(), "upload");
}

CudaPrefill::~CudaPrefill() = default;

void CudaPrefill::run(void* stream) {
  Impl& m = *impl_;
  m.last_stream = static_cast<cudaStream_t>(stream);
  if (m.algo == CudaPrefillAlgo::flash) {
    check(cuda::launch_flash(m.device, elem_of(m.dtype), m.q.get(), m.k.get(), m.v.get(), m.o.as<float>(), stream),
          "flash kernel");
    return;
  }
  // Column-major view: a packed [rows][heads][d] tensor is, per head, a d x rows matrix with
  // leading dimension heads * d. Per sequence, batched over heads (ragged sequences have
  // different sizes, so one batched call per sequence):
  //   S^T (Lk x Lq, ld Lk) = scale * K^T Q      (f32 out)
  //   P = masked row softmax of S                (in the input type)
  //   O^T (d x Lq, ld hq*d) = V (d x Lk) P^T     (f32 out)
  check_cublas(cublasSetStream(m.cublas, static_cast<cudaStream_t>(stream)), "cublasSetStream");
  const Shape& s = m.shape;
  const int hq = s.q_heads, hk = s.kv_heads, d = s.head_dim;
  const cudaDataType_t t = cuda_type(m.dtype);
  const float scale = s.softmax_scale(), one = 1.0f, zero = 0.0f;
  auto* const* qk = m.qk_ptrs.as<const void*>();
  auto* const* pv = m.pv_ptrs.as<const void*>();
  for (int b = 0; b < s.batch(); ++b) {
    const int lq = s.q_len(b), lk = s.k_len(b);
    if (lq == 0 || lk == 0) continue;
    const std::size_t at = static_cast<std::size_t>(b) * 3 * hq;
    check_cublas(cublasGemmBatchedEx(m.cublas, CUBLAS_OP_T, CUBLAS_OP_N, lk, lq, d, &scale, qk + at, t, hk * d,
                                     qk + at + hq, t, hq * d, &zero,
                                     const_cast<void* const*>(qk + at + 2 * hq), CUDA_R_32F, lk, hq,
                                     CUBLAS_COMPUTE_32F, CUBLAS_GEMM_DEFAULT),
                 "cublasGemmBatchedEx (Q K^T)");
  }
  check(cuda::launch_softmax_rows(m.device, m.s_offsets.as<std::int64_t>(), m.s.as<float>(), elem_of(m.dtype),
                                  m.p.get(), stream),
        "softmax kernel");
  check(cudaMemsetAsync(m.o.get(), 0, m.o.bytes(), static_cast<cudaStream_t>(stream)), "clear O");
  for (int b = 0; b < s.batch(); ++b) {
    const int lq = s.q_len(b), lk = s.k_len(b);
    if (lq == 0 || lk == 0) continue;
    const std::size_t at = static_cast<std::size_t>(b) * 3 * hq;
    check_cublas(cublasGemmBatchedEx(m.cublas, CUBLAS_OP_N, CUBLAS_OP_N, d, lq, lk, &one, pv + at, t, hk * d,
                                     pv + at + hq, t, lk, &zero, const_cast<void* const*>(pv + at + 2 * hq),
                                     CUDA_R_32F, hq * d, hq, CUBLAS_COMPUTE_32F, CUBLAS_GEMM_DEFAULT),
                 "cublasGemmBatchedEx (P V)");
  }
}

std::vector<float> CudaPrefill::output(void* stream) {
  Impl& m = *impl_;
  return m.o.download_floats(m.shape.q_elements(), m.last_stream, static_cast<cudaStream_t>(stream));
}

}  // namespace attention
