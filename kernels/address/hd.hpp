#pragma once
// ADDR_HD marks the parsing core's functions: compiled for the host and, in .cu files, for the
// device. One definition for both is what makes every variant's output bitwise equal.
#if defined(__CUDACC__)
#define ADDR_HD __host__ __device__
#else
#define ADDR_HD
#endif
