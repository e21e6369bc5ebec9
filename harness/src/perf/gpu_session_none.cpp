// Built without CUDA.
#include "perf/gpu_session.hpp"

namespace crucible {

std::unique_ptr<GpuSession> GpuSession::open(std::string* absent_reason) {
  if (absent_reason) *absent_reason = "absent: this crucible was built without CUDA";
  return nullptr;
}

}  // namespace crucible
