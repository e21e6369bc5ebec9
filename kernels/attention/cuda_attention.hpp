#pragma once
// The CUDA variants, behind a host-only interface (no CUDA types here, so the plugin compiles
// without nvcc). Construction uploads (untimed); run() enqueues on the given cudaStream_t
// (nullptr = the default stream) and returns; output() waits for the last run's stream, copies
// back on the given stream and synchronizes it.
// Without CUDA in the build, or without a device, constructors throw std::runtime_error saying
// why; cuda_available() answers first without throwing.
//
// NOTE: none of this has run on a GPU yet. It compiles (sm_90 by default); the per-element
// logic it shares with the CPU paths (mask.hpp, online_softmax.hpp, paged_kv.hpp) is unit
// tested on the host.
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "attention/decode.hpp"
#include "attention/dtype.hpp"
#include "attention/paged_cache.hpp"
#include "attention/problem.hpp"

namespace attention {

// True when the build has CUDA and a device is usable; otherwise *reason (if given) says why.
bool cuda_available(std::string* reason);

enum class CudaPrefillAlgo {
  naive,  // cuBLAS Q K^T, a softmax kernel writing P, cuBLAS P V: the unfused baseline
  flash,  // one fused kernel: tiled, online softmax, tensor cores (WMMA), no S x S in memory
};

class CudaPrefill {
 public:
  // naive: f32, f16 or bf16 inputs; flash: f16 or bf16, head_dim 64 or 128. Inputs are
  // converted to `dtype` on upload.
  CudaPrefill(CudaPrefillAlgo algo, const Shape& shape, DType dtype, std::span<const float> q,
              std::span<const float> k, std::span<const float> v);
  ~CudaPrefill();
  CudaPrefill(const CudaPrefill&) = delete;
  CudaPrefill& operator=(const CudaPrefill&) = delete;

  void run(void* stream);
  std::vector<float> output(void* stream);

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

class CudaDecode {
 public:
  // `cache` holds each sequence's past tokens; new_k/new_v ([sequences][kv_heads][head_dim])
  // is the token each run appends (at position cache.length(seq), the same slot every run, so
  // runs repeat) before decoding q ([sequences][q_heads][head_dim]). f16 or bf16.
  CudaDecode(const PagedKvCache& cache, DType dtype, std::span<const float> q, std::span<const float> new_k,
             std::span<const float> new_v, const DecodeOptions& options);
  ~CudaDecode();
  CudaDecode(const CudaDecode&) = delete;
  CudaDecode& operator=(const CudaDecode&) = delete;

  void run(void* stream);
  std::vector<float> output(void* stream);

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace attention
