// Built with CUDA: ask the runtime.
#include <cuda_runtime_api.h>

#include "capability/cuda_devices.hpp"

namespace crucible {

CudaDeviceSummary first_cuda_device() {
  CudaDeviceSummary summary;
  int count = 0;
  const cudaError_t status = cudaGetDeviceCount(&count);
  if (status != cudaSuccess || count == 0) {
    // Without an NVIDIA driver the runtime says "driver version is insufficient": say what it means.
    summary.reason = status == cudaErrorInsufficientDriver ? std::string("no NVIDIA driver on this machine")
                     : status != cudaSuccess ? std::string("no CUDA device (") + cudaGetErrorString(status) + ")"
                                             : std::string("no CUDA device");
    return summary;
  }
  cudaDeviceProp prop{};
  cudaGetDeviceProperties(&prop, 0);
  summary.present = true;
  summary.count = count;
  summary.name = prop.name;
  summary.compute_capability = prop.major + prop.minor / 10.0;
  return summary;
}

}  // namespace crucible
