#pragma once
#include <string>

#include <nlohmann/json.hpp>

namespace crucible {

// "a:1/b:x" style label of a parameter set, in the order the JSON object holds them.
std::string params_label(const nlohmann::json& params);

}  // namespace crucible
