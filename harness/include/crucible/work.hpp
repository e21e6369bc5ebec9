#pragma once
// Work: what one run of a workload moves (bytes) and computes (ops, e.g. FLOPs or DP cells),
// counted from the input the run gets. The harness divides by time to report GB/s and ops/s,
// and by the measured peak for percent of peak.
#include <cstdint>

#include <crucible/abi.h>

namespace crucible {

// What one op is, so that ops/s meet the right peak. A floating-point operation (a multiply-add
// counts two) on fp32, tf32, fp16, bf16 or fp8 is compared with the peak `crucible profile`
// measured for that type (cuBLAS GEMM on a GPU), or with the fp32 peak where the machine has
// none for it (a CPU computes f16 data in fp32). `other` (a DP cell, a comparison, a token)
// has no peak: its ops/s are reported and percent of peak covers bandwidth only.
enum class Ops : std::uint32_t {
  fp32 = CRUCIBLE_OPS_FP32,
  tf32 = CRUCIBLE_OPS_TF32,
  fp16 = CRUCIBLE_OPS_FP16,
  bf16 = CRUCIBLE_OPS_BF16,
  fp8 = CRUCIBLE_OPS_FP8,
  other = CRUCIBLE_OPS_OTHER,
};

struct Work {
  double bytes = 0;
  double ops = 0;
  Ops ops_type = Ops::fp32;
};

}  // namespace crucible
