#pragma once
// QUANT_HD marks functions compiled for both the host and CUDA devices. Per-element and
// per-block logic lives in such header functions so that the CPU unit tests cover exactly the
// code the CUDA kernels run.
#if defined(__CUDACC__)
#define QUANT_HD __host__ __device__
#else
#define QUANT_HD
#endif
