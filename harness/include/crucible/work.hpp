#pragma once
// Work: what one run of a workload moves (bytes) and computes (ops, e.g. FLOPs or DP cells).
// The harness divides by time to report GB/s and ops/s, and by the measured peak for %-of-peak.

namespace crucible {

struct Work {
  double bytes = 0;
  double ops = 0;
  // What one op is, so that ops/s meet the right peak. A floating-point operation (a multiply-add
  // counts two) on "fp32" (the default), "tf32", "fp16", "bf16" or "fp8" is compared with the
  // peak `crucible profile` measured for that type (cuBLAS GEMM on a GPU), or with the fp32 peak
  // where the machine has none for it (a CPU computes f16 data in fp32). "other" (a DP cell, a
  // comparison) has no peak: its ops/s are reported and percent of peak covers bandwidth only.
  // A string literal.
  const char* ops_type = "fp32";
};

}  // namespace crucible
