#include "perf/peak_use.hpp"

namespace crucible {

PeakUse peak_use(double work_bytes, double work_ops, double seconds_per_run, const Peaks& peaks,
                 double latency_floor_percent) {
  PeakUse use;
  if (!(seconds_per_run > 0)) return use;
  if (work_bytes > 0 && peaks.bytes_per_s > 0) {
    use.bandwidth_percent = 100.0 * work_bytes / seconds_per_run / peaks.bytes_per_s;
  }
  if (work_ops > 0 && peaks.ops_per_s > 0) use.compute_percent = 100.0 * work_ops / seconds_per_run / peaks.ops_per_s;
  if (!use.bandwidth_percent && !use.compute_percent) return use;
  const double bw = use.bandwidth_percent.value_or(0), ops = use.compute_percent.value_or(0);
  if (bw < latency_floor_percent && ops < latency_floor_percent) {
    use.bound = "latency";
  } else {
    use.bound = bw >= ops ? "memory" : "compute";
  }
  return use;
}

nlohmann::json PeakUse::to_json() const {
  nlohmann::json j = nlohmann::json::object();
  if (bandwidth_percent) j["memory_bandwidth"] = *bandwidth_percent;
  if (compute_percent) j["compute"] = *compute_percent;
  if (!bound.empty()) j["bound"] = bound;
  return j;
}

}  // namespace crucible
