#pragma once
// Requirements: what a variant needs from the machine. The harness checks them and marks an
// unmet variant "skipped" with the reason, never "failed".
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace crucible {

struct Requirements {
  double cuda_compute_capability = 0;  // 0: no GPU needed
  std::vector<std::string> isa;        // e.g. "avx2", "avx512f", as __builtin_cpu_supports names them
  double memory_gib = 0;               // host memory

  nlohmann::json to_json() const {
    nlohmann::json j = nlohmann::json::object();
    if (cuda_compute_capability > 0) j["cuda"] = cuda_compute_capability;
    if (!isa.empty()) j["isa"] = isa;
    if (memory_gib > 0) j["memory_gib"] = memory_gib;
    return j;
  }
};

}  // namespace crucible
