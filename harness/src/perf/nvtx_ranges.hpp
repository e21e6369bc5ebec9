#pragma once
// NVTX ranges around benchmark cases and plugin phases (nvtx_ranges_cuda.cpp with the NVTX 3
// headers; nvtx_ranges_none.cpp without CUDA, where they do nothing and say why).
#include <string>

namespace crucible {

// Points NVTX_INJECTION64_PATH at the libcupti.so this crucible links, so NVTX ranges reach
// CUPTI's activity records. Must run before the process's first NVTX call; an injection path
// already set by the user (e.g. nsys) is kept. Returns "" or the reason it could not.
std::string prepare_nvtx_injection();

bool nvtx_available();
void nvtx_push(const std::string& name);
void nvtx_pop();

// The crucible_run_context callbacks: phase_begin(name) / phase_end().
void nvtx_phase_begin(const char* name);
void nvtx_phase_end();

// RAII range.
class NvtxRange {
 public:
  explicit NvtxRange(const std::string& name) { nvtx_push(name); }
  ~NvtxRange() { nvtx_pop(); }
  NvtxRange(const NvtxRange&) = delete;
  NvtxRange& operator=(const NvtxRange&) = delete;
};

}  // namespace crucible
