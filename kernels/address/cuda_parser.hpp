#pragma once
// The `cuda` variant: the model's tables in device memory, one thread per address in a
// grid-stride loop over parse_one (the same code the CPU variants run). Without CUDA in the
// build or without a device, create() returns nullptr and says why.
#include <memory>
#include <string>

#include "address/batch.hpp"
#include "address/model.hpp"

namespace address {

class CudaParser {
 public:
  static std::unique_ptr<CudaParser> create(const Model& model, std::string* error);
  ~CudaParser();
  CudaParser(const CudaParser&) = delete;
  CudaParser& operator=(const CudaParser&) = delete;
  // Copies the batch in, parses, copies results out; `stream` is a cudaStream_t (nullptr:
  // default stream). Returns with the work finished; throws std::runtime_error on CUDA errors.
  void parse(const Batch& b, ParseResult* out, void* stream = nullptr);

 private:
  CudaParser();
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace address
