#pragma once
// The `cuda` variant: the CPU decodes (threads) and plans the resize (coefficient tables in
// double on the host, as on the CPU); the device runs the horizontal pass into a uint8
// temporary, then one fused kernel for the vertical pass, the normalize table and the patch
// scatter, writing float32 pixel_values. Decoded images go up as uint8 from pinned buffers,
// images alternate over two or more streams so that one image's copies overlap another's
// kernels. Per-sample arithmetic is the VL_HD code the CPU tests run (resample_math.hpp,
// patchify.hpp), all integer after the tables, so the result is meant to equal cpu_ref
// bitwise. Without CUDA in the build or without a device, create() returns nullptr and
// says why.
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "vl_preproc/pipeline.hpp"

namespace vl {

bool cuda_available(std::string* reason);

class CudaPreprocessor {
 public:
  static std::unique_ptr<CudaPreprocessor> create(const PreprocessOptions& options, int streams, std::string* error);
  ~CudaPreprocessor();
  CudaPreprocessor(const CudaPreprocessor&) = delete;
  CudaPreprocessor& operator=(const CudaPreprocessor&) = delete;

  // Per-item results as BatchPipeline gives them; decode uses `cpu_threads`. Throws
  // std::runtime_error on CUDA failures.
  std::vector<ImageResult> run(std::span<const File> files, unsigned cpu_threads);

 private:
  CudaPreprocessor();
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace vl
