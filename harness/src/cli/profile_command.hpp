#pragma once
// `crucible profile [--json] [--refresh] [--quick] [--out FILE]`: the capability profile.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace crucible {

int profile_command(const std::vector<std::string>& args);
// The human-readable table of a profile (what `crucible profile` prints without --json).
std::string profile_text(const nlohmann::json& profile);

}  // namespace crucible
