// Built without CUDA.
#include "capability/cuda_devices.hpp"

namespace crucible {

CudaDeviceSummary first_cuda_device() {
  CudaDeviceSummary summary;
  summary.reason = "this crucible was built without CUDA";
  return summary;
}

}  // namespace crucible
