#include "fleet/shard_record.hpp"

#include <algorithm>

namespace crucible {

nlohmann::json shard_record(const ShardSpec& spec, const std::string& suite, std::uint64_t seed,
                            const std::string& crucible_version, const std::vector<std::string>& case_names,
                            const ShardAssignment& assignment) {
  nlohmann::json plan = nlohmann::json::array();
  for (std::size_t i = 0; i < case_names.size(); ++i) plan.push_back({{"case", case_names[i]}, {"shard", assignment.shard_of[i]}});
  return {{"suite", suite},
          {"seed", seed},
          {"index", spec.index},
          {"count", spec.count},
          {"crucible_version", crucible_version},
          {"balance", assignment.balance},
          {"plan_digest", assignment.digest},
          {"plan", plan}};
}

std::string shard_plan_text(const std::vector<std::string>& case_names, const ShardAssignment& assignment) {
  std::size_t width = 4;
  for (const auto& name : case_names) width = std::max(width, name.size());
  const int count = static_cast<int>(assignment.shard_load.size());
  std::string out;
  for (std::size_t i = 0; i < case_names.size(); ++i) {
    out += case_names[i] + std::string(width - case_names[i].size(), ' ') + " -> " +
           std::to_string(assignment.shard_of[i]) + "/" + std::to_string(count) + "\n";
  }
  return out;
}

}  // namespace crucible
