// Built instead of cuda_preproc.cu when CUDA is off: the API exists and reports why.
#include <stdexcept>

#include "vl_preproc/cuda_preproc.hpp"

namespace vl {

struct CudaPreprocessor::Impl {};

bool cuda_available(std::string* reason) {
  if (reason) *reason = "vl_preproc was built without CUDA";
  return false;
}

CudaPreprocessor::CudaPreprocessor() = default;
CudaPreprocessor::~CudaPreprocessor() = default;

std::unique_ptr<CudaPreprocessor> CudaPreprocessor::create(const PreprocessOptions&, int, std::string* error) {
  cuda_available(error);
  return nullptr;
}

std::vector<ImageResult> CudaPreprocessor::run(std::span<const File>, unsigned) {
  throw std::runtime_error("vl_preproc was built without CUDA");
}

}  // namespace vl
