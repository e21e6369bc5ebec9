#pragma once
// Peaks: what the capability profile measured this machine can do, for one kind of work: the
// memory bandwidth and the compute rate of the work's op type, and what they were measured as.
#include <string>

namespace crucible {

struct Peaks {
  double bytes_per_s = 0;  // 0: unknown
  double ops_per_s = 0;    // 0: unknown
  std::string basis;       // what the peaks are, e.g. "cpu: STREAM triad, FP32 FMA"
};

}  // namespace crucible
