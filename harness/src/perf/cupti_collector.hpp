#pragma once
// CuptiCollector: CUPTI activity records (concurrent kernels, memcpy, memset, NVTX markers) of
// one case, turned into plain CuptiRecords (cupti_summary.hpp). cupti_collector_cuda.cpp talks
// to CUPTI; cupti_collector_none.cpp, without CUDA, is absent with its reason.
#include <memory>
#include <string>

#include "perf/cupti_summary.hpp"

namespace crucible {

class CuptiCollector {
 public:
  // nullptr with *absent_reason set when CUPTI cannot be used here.
  static std::unique_ptr<CuptiCollector> start(std::string* absent_reason);
  virtual ~CuptiCollector() = default;
  // Flushes all buffers, stops collecting and returns what was recorded since start().
  virtual CuptiRecords finish() = 0;
};

}  // namespace crucible
