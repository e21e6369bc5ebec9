#pragma once
// VL_HD marks per-sample logic shared by the CPU paths and the CUDA kernels, so that the
// host unit tests exercise exactly the arithmetic the device runs.
#if defined(__CUDACC__)
#define VL_HD __host__ __device__
#else
#define VL_HD
#endif
