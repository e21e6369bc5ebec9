#pragma once
// CUDA runtime helpers shared by the CUDA-only sources (capability profile, GPU session):
// an error check that names what failed, and the device UUID as nvidia-smi prints it.
#include <cuda_runtime_api.h>

#include <cstdio>
#include <stdexcept>
#include <string>

namespace crucible {

inline void check(cudaError_t status, const char* what) {
  if (status != cudaSuccess) throw std::runtime_error(std::string(what) + ": " + cudaGetErrorString(status));
}

inline std::string format_uuid(const cudaUUID_t& uuid) {
  std::string text = "GPU-";
  char part[3];
  for (int i = 0; i < 16; ++i) {
    std::snprintf(part, sizeof part, "%02x", static_cast<unsigned char>(uuid.bytes[i]));
    text += part;
    if (i == 3 || i == 5 || i == 7 || i == 9) text += "-";
  }
  return text;
}

}  // namespace crucible
