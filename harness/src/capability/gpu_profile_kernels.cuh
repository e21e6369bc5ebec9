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

}  // namespace crucible
