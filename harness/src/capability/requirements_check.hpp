#pragma once
// Checks a variant's declared requirements against this machine.
#include <string>

#include <nlohmann/json.hpp>

namespace crucible {

// Empty when every requirement is met; otherwise why not, e.g. "needs CUDA compute capability
// 8.0: no CUDA device" or "needs ISA avx512f: this CPU lacks it". cuda_architectures: what the
// plugin's CUDA code was built for (describe()'s "cuda_architectures"), checked against the
// device; "" checks nothing.
std::string unmet_requirements(const nlohmann::json& needs, const std::string& cuda_architectures = "");

}  // namespace crucible
