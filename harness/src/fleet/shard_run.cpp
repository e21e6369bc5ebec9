#include "fleet/shard_run.hpp"

#include <cstdio>
#include <numeric>

#include "fleet/shard_record.hpp"
#include "history/history_store.hpp"

namespace crucible {

std::string ShardRun::plan_text() const { return shard_plan_text(case_names, assignment); }

std::string ShardRun::summary() const {
  std::size_t mine = 0;
  for (int k : assignment.shard_of) mine += k == spec.index;
  std::string out = "shard " + std::to_string(spec.index) + "/" + std::to_string(spec.count) + ": " +
                    std::to_string(mine) + " of " + std::to_string(case_names.size()) + " case(s), balanced by " +
                    assignment.balance;
  if (assignment.balance == "durations") {
    const double all = std::accumulate(assignment.shard_load.begin(), assignment.shard_load.end(), 0.0);
    char text[96];
    std::snprintf(text, sizeof text, " (%.1f s of %.1f s recorded)", assignment.shard_load[static_cast<std::size_t>(spec.index - 1)], all);
    out += text;
  }
  return out;
}

ShardRun plan_shard(const ShardSpec& spec, const std::string& suite, std::uint64_t seed,
                    const std::vector<std::string>& case_names) {
  ShardRun run;
  run.spec = spec;
  run.case_names = case_names;
  run.assignment = assign_shards(case_names, spec.count, spec.count > 1 ? recorded_case_seconds(suite) : std::map<std::string, double>{});
  run.record = shard_record(spec, suite, seed, CRUCIBLE_VERSION, case_names, run.assignment);
  return run;
}

}  // namespace crucible
