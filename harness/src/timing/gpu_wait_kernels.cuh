#pragma once
// Kernels that make a stream wait, so that what the host enqueues behind them is already queued
// when the GPU reaches it: a timing that starts after them sees the GPU's time, not the host's
// launch (nvbench's blocking kernel). Used by the cold timing mode and the capability profile.
#include <cuda_runtime_api.h>

namespace crucible {

// Keeps the stream busy for `ns` nanoseconds.
cudaError_t busy_wait(unsigned long long ns, cudaStream_t stream);

// Holds the stream until the host sets *release (host memory mapped into the device), or until
// timeout_ns has passed; then it sets *timed_out. A timeout means the host waited on this
// stream while enqueueing (a synchronising run(), or more launches than the GPU queues).
cudaError_t hold_stream(const volatile int* release, int* timed_out, unsigned long long timeout_ns, cudaStream_t stream);

}  // namespace crucible
