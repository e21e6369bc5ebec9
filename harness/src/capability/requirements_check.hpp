#pragma once
// Checks a variant's declared requirements against this machine.
#include <string>

#include <nlohmann/json.hpp>

namespace crucible {

// Empty when every requirement is met; otherwise why not, e.g. "needs CUDA compute capability
// 8.0: no CUDA device" or "needs ISA avx512f: this CPU lacks it".
std::string unmet_requirements(const nlohmann::json& needs);

}  // namespace crucible
