// Built without CUDA: no NVTX headers; ranges do nothing.
#include "perf/nvtx_ranges.hpp"

namespace crucible {

std::string prepare_nvtx_injection() { return "absent: this crucible was built without CUDA (no NVTX, no CUPTI)"; }
bool nvtx_available() { return false; }
void nvtx_push(const std::string&) {}
void nvtx_pop() {}
void nvtx_phase_begin(const char*) {}
void nvtx_phase_end() {}

}  // namespace crucible
