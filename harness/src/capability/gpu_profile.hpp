#pragma once
// The GPU part of the capability profile, per device: properties (name, UUID, compute
// capability, SMs, memory, L2, clocks, driver and runtime) and measured peaks: device-to-device
// bandwidth, pinned host-to-device and device-to-host bandwidth, kernel launch latency, and
// dense GEMM throughput per dtype through cuBLAS. gpu_profile_cuda.cpp measures;
// gpu_profile_none.cpp (built without CUDA) says why there is nothing.
#include <string>

#include <nlohmann/json.hpp>

namespace crucible {

// {"devices": [...]} or {"absent": "absent: no CUDA device (...)"}.
nlohmann::json gpu_profile_json(bool quick);

// Cheap identity for the cache fingerprint, no measurement: [{"uuid", "name", "driver"}], or
// an empty array with no device.
nlohmann::json gpu_identity_json();

}  // namespace crucible
