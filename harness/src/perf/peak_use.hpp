#pragma once
// Percent of measured peak: a benchmark's achieved bytes/s and ops/s (from its declared work
// and its time) over the peaks the capability profile measured on this machine, and the bound
// it suggests: memory- or compute-bound when that share of peak is the larger and at least
// latency_floor, latency-bound when neither reaches it.
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "capability/peaks.hpp"

namespace crucible {

struct PeakUse {
  std::optional<double> bandwidth_percent;
  std::optional<double> compute_percent;
  std::string bound;  // "memory", "compute", "latency" or "" when nothing is known
  nlohmann::json to_json() const;
};

PeakUse peak_use(double work_bytes, double work_ops, double seconds_per_run, const Peaks& peaks,
                 double latency_floor_percent = 10.0);

}  // namespace crucible
