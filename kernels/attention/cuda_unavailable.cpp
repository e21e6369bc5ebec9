// Built instead of the .cu files when CUDA is off: the API exists and says why it cannot run.
#include <stdexcept>

#include "attention/cuda_attention.hpp"

namespace attention {

namespace {
constexpr const char* kNoCuda = "the attention kernels were built without CUDA (CRUCIBLE_CUDA=OFF or no nvcc)";
}

bool cuda_available(std::string* reason) {
  if (reason) *reason = kNoCuda;
  return false;
}

struct CudaPrefill::Impl {};
CudaPrefill::CudaPrefill(CudaPrefillAlgo, const Shape&, DType, std::span<const float>, std::span<const float>,
                         std::span<const float>) {
  throw std::runtime_error(kNoCuda);
}
CudaPrefill::~CudaPrefill() = default;
void CudaPrefill::run(void*) { throw std::runtime_error(kNoCuda); }
std::vector<float> CudaPrefill::output(void*) { throw std::runtime_error(kNoCuda); }

struct CudaDecode::Impl {};
CudaDecode::CudaDecode(const PagedKvCache&, DType, std::span<const float>, std::span<const float>,
                       std::span<const float>, const DecodeOptions&) {
  throw std::runtime_error(kNoCuda);
}
CudaDecode::~CudaDecode() = default;
void CudaDecode::run(void*) { throw std::runtime_error(kNoCuda); }
std::vector<float> CudaDecode::output(void*) { throw std::runtime_error(kNoCuda); }

}  // namespace attention
