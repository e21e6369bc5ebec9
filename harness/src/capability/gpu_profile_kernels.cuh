#pragma once
// Launch wrappers for the few kernels the GPU profile needs (gpu_profile_kernels.cu).
#include <cuda_runtime_api.h>

#include <cstddef>

namespace crucible {

// An empty kernel, <<<1, 1>>> on stream: for launch latency.
cudaError_t launch_empty_kernel(cudaStream_t stream);
// Fills n elements of a float / half / bf16 / fp8(e4m3) buffer with hashed values in [-1, 1)
// (never zeros: a GEMM on zeros runs faster than on data). dtype: 0 f32, 1 f16, 2 bf16, 3 e4m3.
cudaError_t fill_random(void* data, std::size_t n, int dtype, unsigned seed, cudaStream_t stream);
// Adds up n floats (n a multiple of 4, data 16-byte aligned) into *sum: a kernel that only
// reads, with 16-byte loads, so its time is the read bandwidth of wherever the data lives
// (L2 when it fits and is hot, device memory when cold). *sum is accumulated, not reset.
cudaError_t sum_floats(const float* data, std::size_t n, float* sum, cudaStream_t stream);

}  // namespace crucible
