#pragma once
// ATTN_HD marks per-element logic shared by the CPU paths and the CUDA kernels: the mask
// predicate, the online-softmax update and merge, paged-KV addressing and split-KV ranges.
// One definition for both sides, so the host unit tests exercise the code the device runs.
#if defined(__CUDACC__)
#define ATTN_HD __host__ __device__
#else
#define ATTN_HD
#endif
