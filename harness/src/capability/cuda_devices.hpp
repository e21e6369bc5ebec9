#pragma once
// The CUDA devices this process can see. Built without CUDA, there are none, and the reason
// says so; built with CUDA on a machine without a GPU, the CUDA runtime's reason is given.
#include <string>

namespace crucible {

struct CudaDeviceSummary {
  bool present = false;
  std::string reason;  // when absent
  std::string name;
  double compute_capability = 0;
  int count = 0;
};

CudaDeviceSummary first_cuda_device();

}  // namespace crucible
