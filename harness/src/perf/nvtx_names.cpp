#include "perf/nvtx_names.hpp"

#include "task/params_label.hpp"

namespace crucible {

std::string nvtx_case_name(const std::string& plugin, const std::string& workload, const std::string& variant,
                           const nlohmann::json& params) {
  std::string name = plugin + "/" + workload + "/" + variant;
  if (params.is_object() && !params.empty()) name += "/" + params_label(params);
  return name;
}

std::string nvtx_phase_name(const char* name) {
  std::string out;
  if (name) {
    for (const char* p = name; *p && out.size() < 64; ++p) {
      if (static_cast<unsigned char>(*p) >= 0x20 && *p != 0x7f) out += *p;
    }
  }
  return out.empty() ? "phase" : out;
}

}  // namespace crucible
