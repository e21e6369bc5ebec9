#include "task/params_label.hpp"

namespace crucible {

std::string params_label(const nlohmann::json& params) {
  std::string label;
  for (const auto& [key, value] : params.items()) {
    if (!label.empty()) label += "/";
    label += key + ":" + (value.is_string() ? value.get<std::string>() : value.dump());
  }
  return label;
}

}  // namespace crucible
