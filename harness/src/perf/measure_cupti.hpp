#pragma once
// The CUPTI pass of a GPU case: single runs traced by CUPTI, apart from the timed samples so
// that tracing overhead stays out of them; kernel and copy records attributed to the case's
// NVTX range, and the gap between event time and kernel time.
#include <cstddef>
#include <string>

#include <nlohmann/json.hpp>

#include "perf/measure_mode.hpp"

namespace crucible {

struct CuptiPass {
  nlohmann::json cupti;       // the summary, or {"absent": why}
  nlohmann::json timing_gap;  // null without a summary
  nlohmann::json findings = nlohmann::json::array();
};

// injection_absent: why NVTX ranges cannot reach CUPTI (prepare_nvtx_injection), "" when they can.
CuptiPass measure_cupti(const GpuCase& gpu_case, std::size_t runs, const std::string& injection_absent);

}  // namespace crucible
