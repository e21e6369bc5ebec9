#pragma once
// Whether a plugin's CUDA code runs on a device: CMAKE_CUDA_ARCHITECTURES as the plugin was
// built with ("80,90", "90a-real", "80-virtual"; the SDK reports it in describe()) against the
// device's compute capability. A device with no matching code fails every launch with "no
// kernel image is available", so its variants are skipped with this reason instead.
#include <string>
#include <string_view>

namespace crucible {

// "" when some entry runs on a device of this compute capability (e.g. 8.6): SASS for sm_XY
// runs on X.Y' with Y' >= Y; PTX for compute_XY is compiled by the driver for any later
// device; arch-specific entries (90a) run on their exact capability only. Lists CMake keeps
// symbolic ("native", "all", "all-major") or cannot be read are taken as runnable.
// Otherwise why not, naming the architectures built and what to rebuild with.
std::string cuda_code_mismatch(std::string_view architectures, double compute_capability,
                               std::string_view device_name);

}  // namespace crucible
