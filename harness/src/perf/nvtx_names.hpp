#pragma once
// Names of NVTX ranges: one per benchmark case, "plugin/workload/variant/params" (the
// benchmark's own name, so nsys --nvtx-capture and ncu --nvtx-include can target it), and one
// per phase a plugin marks ("h2d", "kernel"), nested inside the case range.
#include <string>

#include <nlohmann/json.hpp>

namespace crucible {

std::string nvtx_case_name(const std::string& plugin, const std::string& workload, const std::string& variant,
                           const nlohmann::json& params);
// A phase name from a plugin: trimmed of control characters, never empty, at most 64 bytes.
std::string nvtx_phase_name(const char* name);

}  // namespace crucible
