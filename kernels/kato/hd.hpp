#pragma once
// KATO_HD marks per-element logic shared by the CPU matchers and the CUDA kernel.
// Keeping one definition for both sides is what makes the variants bitwise equal:
// the host unit tests exercise exactly the code the device runs.
#if defined(__CUDACC__)
#define KATO_HD __host__ __device__
#else
#define KATO_HD
#endif

#include <cstdint>

namespace kato {

KATO_HD inline int popcount64(std::uint64_t x) {
#if defined(__CUDA_ARCH__)
  return __popcll(x);
#else
  return __builtin_popcountll(x);
#endif
}

}  // namespace kato
