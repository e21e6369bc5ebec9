// Built without CUDA: no CUPTI.
#include "perf/cupti_collector.hpp"

namespace crucible {

std::unique_ptr<CuptiCollector> CuptiCollector::start(std::string* absent_reason) {
  if (absent_reason) *absent_reason = "absent: this crucible was built without CUDA (no CUPTI)";
  return nullptr;
}

}  // namespace crucible
