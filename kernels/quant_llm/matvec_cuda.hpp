#pragma once
// CUDA fused dequant-matvec: one kernel per weight format, reading quantized blocks straight
// from device memory (the per-block math is blocks.hpp, shared with the CPU). Built only when
// CRUCIBLE_HAVE_CUDA; otherwise every entry point reports that CUDA is unavailable.
// Status: compiled for sm_90 but NOT yet run on a GPU.
#include <memory>
#include <string>
#include <vector>

#include "quant_llm/matvec.hpp"

namespace quant::cuda {

// True when built with CUDA and a device is present.
bool available(std::string* why = nullptr);

class DeviceMatvec {
 public:
  // Uploads the weight and the activation (untimed); throws std::runtime_error without CUDA.
  DeviceMatvec(const WeightView& w, const float* x);
  ~DeviceMatvec();
  DeviceMatvec(const DeviceMatvec&) = delete;
  DeviceMatvec& operator=(const DeviceMatvec&) = delete;
  DeviceMatvec(DeviceMatvec&&) noexcept;
  DeviceMatvec& operator=(DeviceMatvec&&) noexcept;

  // Enqueues the fused kernel on `stream` (a cudaStream_t; nullptr = default stream).
  void run(void* stream, Dispatch* dispatch = nullptr);
  // Waits for the stream and copies y back.
  std::vector<float> result(void* stream);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace quant::cuda
