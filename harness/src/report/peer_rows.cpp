#include "report/peer_rows.hpp"

#include <cstdlib>
#include <map>
#include <set>
#include <tuple>

#include "results/time_unit.hpp"
#include "task/params_label.hpp"

namespace crucible {

namespace {

// The thread count a benchmark ran with: "/threads:N" in its name (Google Benchmark's own
// "threads" field counts its threads, not the variant's); 1 without it.
unsigned threads_in(const std::string& name) {
  const auto at = name.find("/threads:");
  return at == std::string::npos ? 1u : static_cast<unsigned>(std::strtoul(name.c_str() + at + 9, nullptr, 10));
}

}  // namespace

std::vector<PeerRow> peer_rows(const nlohmann::json& results) {
  // Median per (case, parameters, threads): the aggregate, or the one time of a single repetition.
  using Key = std::tuple<std::string, std::string, unsigned>;
  std::map<Key, double> median, single;
  std::map<Key, int> iterations;
  for (const auto& e : results.value("benchmarks", nlohmann::json::array())) {
    if (!e.value("primary", true)) continue;
    const Key key{e.value("case", ""), e.value("params", nlohmann::json::object()).dump(),
                  threads_in(e.value("run_name", e.value("name", "")))};
    const double ns = to_ns(e.value("real_time", 0.0), e.value("time_unit", "ns"));
    if (e.value("aggregate_name", "") == "median") median[key] = ns;
    if (e.value("run_type", "iteration") == "iteration") {
      single[key] = ns;
      ++iterations[key];
    }
  }
  auto median_of = [&](const Key& key) {
    if (auto it = median.find(key); it != median.end()) return it->second;
    if (iterations[key] == 1) return single[key];
    return 0.0;
  };
  std::set<std::string> timed;  // every case with a benchmark, peers included
  for (const auto& [key, ns] : median) timed.insert(std::get<0>(key));
  for (const auto& [key, n] : iterations) timed.insert(std::get<0>(key));
  std::vector<PeerRow> rows;
  for (const auto& p : results.value("peers", nlohmann::json::array())) {
    PeerRow row;
    row.peer_case = p.value("case", "");
    row.peer = p.value("name", "");
    const auto params = p.value("params", nlohmann::json::object());
    row.params = params_label(params);
    row.threads = p.value("threads", 1u);
    row.agrees = p.value("agrees", false);
    row.where = p.value("where", "");
    row.equivalence = p.value("equivalence", "");
    row.reference = p.value("reference", "");
    row.median_ns = median_of({row.peer_case, params.dump(), row.threads});
    const std::string workload = row.peer_case.substr(0, row.peer_case.rfind("/peer:") + 1);  // "plugin/workload/"
    for (const auto& name : timed) {
      if (name.rfind(workload, 0) != 0 || name.find("/peer:") != std::string::npos) continue;
      const double ns = median_of({name, params.dump(), row.threads});
      if (ns <= 0) continue;
      row.variants.push_back({name, ns, row.median_ns > 0 ? row.median_ns / ns : 0});
    }
    rows.push_back(std::move(row));
  }
  // Labels name what tells the rows apart: the parameters that are not the same in every row.
  const auto peers = results.value("peers", nlohmann::json::array());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto params = peers[i].value("params", nlohmann::json::object());
    nlohmann::json varying = nlohmann::json::object();
    for (const auto& [key, value] : params.items()) {
      for (const auto& other : peers) {
        if (other.value("params", nlohmann::json::object()).value(key, nlohmann::json()) != value) {
          varying[key] = value;
          break;
        }
      }
    }
    rows[i].varying = params_label(varying);
  }
  return rows;
}

}  // namespace crucible
