#pragma once
// Work: what one run of a workload moves (bytes) and computes (ops, e.g. FLOPs or DP cells).
// The harness divides by time to report GB/s and ops/s, and by the measured peak for %-of-peak.

namespace crucible {

struct Work {
  double bytes = 0;
  double ops = 0;
};

}  // namespace crucible
