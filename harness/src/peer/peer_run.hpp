#pragma once
// The parent's half of a peer case: the peer program runs once per exported parameter set, in
// a child with the suite's timeout and memory limit, and its output is checked against the
// reference variant's with the peer's declared equivalence. Its per-repetition times become a
// benchmark record like a variant's, with "agrees" or "disagrees: <where>" beside it.
//
// The peer program is called as
//   COMMAND... --input IN --params PARAMS.json --output OUT --benchmark_out TIMES.json
//              --repetitions N --min-time S --threads T
// and exits 0 (OUT and TIMES.json written), 77 (it cannot run here, e.g. its package is not
// installed: skipped, its last output line the reason), or anything else (an error).
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "isolate/worker_launcher.hpp"
#include "suite/suite_spec.hpp"

namespace crucible {

struct PeerRun {
  PeerSpec spec;
  std::filesystem::path folder;  // the exported files (peer/peer_inputs.hpp)
  int repetitions = 5;
  double min_time_s = 0.05;
  std::chrono::duration<double> timeout{300};
  std::uint64_t memory_limit_bytes = 0;
};

// Why the peer's program cannot be started here (not on PATH, no such file, not executable),
// or nullopt: a peer that is missing is skipped with this reason before any export.
std::optional<std::string> peer_program_missing(const PeerSpec& peer);

struct PeerResult {
  std::string skip_reason;  // non-empty: the peer said it cannot run here (exit 77)
  WorkerResult result;      // a benchmark record per parameter set, or the failed outcome
};

// exported: the worker's "peer_input" records, in parameter-set order.
PeerResult run_peer(const PeerRun& run, const std::vector<nlohmann::json>& exported);

}  // namespace crucible
