#pragma once
// One peer at one parameter set as the reports show it: whether it agrees with the reference,
// its median time, and each variant of the same workload timed in the same run on the same
// inputs and thread count, with the ratio peer time / variant time (above 1: the variant is
// faster than the peer).
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace crucible {

struct PeerComparison {
  std::string variant;  // the variant's case name
  double median_ns = 0;
  double speedup = 0;   // peer median / variant median
};

struct PeerRow {
  std::string peer_case;  // plugin/workload/peer:NAME
  std::string peer;       // NAME
  std::string params;     // "n:1000"
  std::string varying;    // only the parameters that differ between the rows ("mask:causal"), for labels
  unsigned threads = 1;
  bool agrees = false;
  std::string where;            // what differs, when it disagrees
  std::string equivalence;      // "bitwise", "rel_l2 <= 1e-05"
  std::string reference;        // the variant it was checked against
  double median_ns = 0;         // 0: no time
  std::vector<PeerComparison> variants;
};

std::vector<PeerRow> peer_rows(const nlohmann::json& results);

}  // namespace crucible
