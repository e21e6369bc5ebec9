// Built instead of cuda_parser.cu when CUDA is off: the API exists and reports why.
#include <stdexcept>

#include "address/cuda_parser.hpp"

namespace address {

struct CudaParser::Impl {};
CudaParser::CudaParser() = default;
CudaParser::~CudaParser() = default;

std::unique_ptr<CudaParser> CudaParser::create(const Model&, std::string* error) {
  if (error) *error = "address was built without CUDA";
  return nullptr;
}

void CudaParser::parse(const Batch&, ParseResult*, void*) { throw std::runtime_error("address was built without CUDA"); }

}  // namespace address
