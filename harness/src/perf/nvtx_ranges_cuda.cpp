// Built with CUDA: NVTX 3 (header-only; its calls are no-ops until a tool is injected).
#include <dlfcn.h>
#include <stdlib.h>

#include <cupti.h>
#include <nvtx3/nvToolsExt.h>

#include "perf/nvtx_names.hpp"
#include "perf/nvtx_ranges.hpp"

namespace crucible {

std::string prepare_nvtx_injection() {
  if (const char* set = ::getenv("NVTX_INJECTION64_PATH"); set && *set) return "";
  Dl_info info{};
  if (::dladdr(reinterpret_cast<void*>(&cuptiActivityEnable), &info) == 0 || !info.dli_fname) {
    return "absent: cannot locate libcupti.so for NVTX injection";
  }
  ::setenv("NVTX_INJECTION64_PATH", info.dli_fname, 0);
  return "";
}

bool nvtx_available() { return true; }
void nvtx_push(const std::string& name) { nvtxRangePushA(name.c_str()); }
void nvtx_pop() { nvtxRangePop(); }
void nvtx_phase_begin(const char* name) { nvtxRangePushA(nvtx_phase_name(name).c_str()); }
void nvtx_phase_end() { nvtxRangePop(); }

}  // namespace crucible
