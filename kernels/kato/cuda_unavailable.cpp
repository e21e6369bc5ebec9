// Built instead of cuda_matcher.cu when CUDA is off: the API exists and reports why.
#include <stdexcept>

#include "kato/cuda_matcher.hpp"

namespace kato {

struct CudaPatternStore::Impl {};

bool cuda_available(std::string* reason) {
  if (reason) *reason = "kato was built without CUDA";
  return false;
}

CudaPatternStore::CudaPatternStore() = default;
CudaPatternStore::~CudaPatternStore() = default;

std::unique_ptr<CudaPatternStore> CudaPatternStore::create(std::string* error) {
  cuda_available(error);
  return nullptr;
}

void CudaPatternStore::sync(const PatternStore&, std::uint64_t, void*) {
  throw std::runtime_error("kato was built without CUDA");
}

std::vector<Candidate> CudaPatternStore::score(const PatternStore&, std::uint32_t, const Query&, const MatchOptions&,
                                               void*) {
  throw std::runtime_error("kato was built without CUDA");
}

MatchResult match_cuda(CudaPatternStore&, const PatternStore&, const Query&, const MatchOptions&) {
  throw std::runtime_error("kato was built without CUDA");
}

}  // namespace kato
