#include "fleet/shard_assignment.hpp"

#include <algorithm>
#include <cstdio>
#include <numeric>

namespace crucible {

namespace {

std::string plan_digest(const std::vector<std::string>& names, int count, const std::vector<int>& shard_of) {
  // FNV-1a 64 over "count\nname\tshard\n...": cheap, stable across machines and builds.
  std::uint64_t h = 1469598103934665603ull;
  auto feed = [&](const std::string& s) {
    for (unsigned char c : s) {
      h ^= c;
      h *= 1099511628211ull;
    }
  };
  feed(std::to_string(count) + "\n");
  for (std::size_t i = 0; i < names.size(); ++i) feed(names[i] + "\t" + std::to_string(shard_of[i]) + "\n");
  char text[17];
  std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(h));
  return text;
}

}  // namespace

ShardAssignment assign_shards(const std::vector<std::string>& case_names, int count,
                              const std::map<std::string, double>& known_seconds) {
  ShardAssignment out;
  if (count < 1) count = 1;
  out.shard_of.assign(case_names.size(), 1);
  out.shard_load.assign(static_cast<std::size_t>(count), 0.0);

  std::vector<double> known;
  for (const auto& name : case_names) {
    if (auto it = known_seconds.find(name); it != known_seconds.end() && it->second >= 0) known.push_back(it->second);
  }
  std::vector<std::size_t> order(case_names.size());
  std::iota(order.begin(), order.end(), 0);

  if (known.empty()) {
    out.balance = "count";
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      return case_names[a] != case_names[b] ? case_names[a] < case_names[b] : a < b;
    });
    for (std::size_t k = 0; k < order.size(); ++k) {
      const int shard = static_cast<int>(k % static_cast<std::size_t>(count)) + 1;
      out.shard_of[order[k]] = shard;
      out.shard_load[static_cast<std::size_t>(shard - 1)] += 1;
    }
  } else {
    out.balance = "durations";
    std::sort(known.begin(), known.end());
    const double median = known.size() % 2 ? known[known.size() / 2]
                                           : (known[known.size() / 2 - 1] + known[known.size() / 2]) / 2;
    std::vector<double> estimate(case_names.size(), median);
    for (std::size_t i = 0; i < case_names.size(); ++i) {
      if (auto it = known_seconds.find(case_names[i]); it != known_seconds.end() && it->second >= 0) estimate[i] = it->second;
    }
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      if (estimate[a] != estimate[b]) return estimate[a] > estimate[b];
      return case_names[a] != case_names[b] ? case_names[a] < case_names[b] : a < b;
    });
    for (std::size_t i : order) {
      const auto lightest = std::min_element(out.shard_load.begin(), out.shard_load.end());  // first of equals
      *lightest += estimate[i];
      out.shard_of[i] = static_cast<int>(lightest - out.shard_load.begin()) + 1;
    }
  }
  out.digest = plan_digest(case_names, count, out.shard_of);
  return out;
}

}  // namespace crucible
