#pragma once
// The `cuda` variant: the stable tier lives in device memory; one kernel pass scores
// every pattern with lcs_bit_parallel/evaluate_candidate (one thread per pattern,
// any query length) and compacts the survivors on the device. Predictions, itfdf and
// ranking then run on the host in finalize_matches, like every variant.
// Without CUDA in the build, or without a device, create() returns nullptr and sets
// *error; nothing crashes.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "kato/matcher.hpp"

namespace kato {

// True when the build has CUDA and at least one device is usable; else *reason says why.
bool cuda_available(std::string* reason);

class CudaPatternStore {
 public:
  static std::unique_ptr<CudaPatternStore> create(std::string* error);
  ~CudaPatternStore();
  CudaPatternStore(const CudaPatternStore&) = delete;
  CudaPatternStore& operator=(const CudaPatternStore&) = delete;

  // `stream` is a cudaStream_t (nullptr = the default stream); both calls return with their
  // work on it finished.
  // Uploads `store` unless the copy already matches `generation`.
  void sync(const PatternStore& store, std::uint64_t generation, void* stream = nullptr);
  // Scores the uploaded store (which must mirror `store`); throws std::runtime_error on
  // CUDA failures.
  std::vector<Candidate> score(const PatternStore& store, std::uint32_t tier, const Query& query,
                               const MatchOptions& options, void* stream = nullptr);

 private:
  CudaPatternStore();
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Single-store convenience: sync (generation = pattern count) then match.
MatchResult match_cuda(CudaPatternStore& device, const PatternStore& store, const Query& query,
                       const MatchOptions& options);

}  // namespace kato
