#pragma once
// CapabilityProfile: the whole profile (CPU and GPU parts), cached by hardware fingerprint
// (CPU model, each GPU's UUID and the driver) in one file so that runs do not re-measure, and
// the peaks a benchmark's percent-of-peak is computed against.
#include <filesystem>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "capability/peaks.hpp"

namespace crucible {

// Bumped whenever a measurement changes meaning, so that an older cache is measured again.
inline constexpr const char* kProfileSchema = "crucible-profile-2";

// $CRUCIBLE_PROFILE if set, else $XDG_CACHE_HOME/crucible/profile.json, else
// ~/.cache/crucible/profile.json, else ./.crucible-profile.json.
std::filesystem::path profile_cache_path();

// {"cpu_model", "gpus": [{"uuid", "name", "driver"}]}; cheap, nothing measured.
nlohmann::json current_fingerprint(const std::string& cpu_model, const nlohmann::json& gpu_identity);
nlohmann::json current_fingerprint();

// Reads a cached profile; nullopt when missing or unreadable or of another schema.
std::optional<nlohmann::json> load_profile(const std::filesystem::path& path);
void save_profile(const std::filesystem::path& path, const nlohmann::json& profile);

// Measures everything now (quick: small sizes, for tests).
nlohmann::json measure_profile(bool quick);

// Why a measured profile must not be cached (a device whose measurement failed, e.g. out of
// memory beside another process: the next run should try again), or nullopt.
std::optional<std::string> uncacheable_reason(const nlohmann::json& profile);

// Whether ops of this type (crucible::Work::ops_type) are floating-point operations, which
// have a compute peak; "other" ops have none.
bool is_float_ops_type(const std::string& ops_type);

// The peaks a CPU benchmark compares with: triad bandwidth and FP32 FMA (for every
// floating-point ops type: a CPU computes f16 data in fp32), valid only when the profile's CPU
// model is cpu_model.
std::optional<Peaks> cpu_peaks(const nlohmann::json& profile, const std::string& cpu_model,
                               const std::string& ops_type = "fp32");
// A GPU benchmark's peaks: device-to-device bandwidth and the cuBLAS GEMM of ops_type (fp32
// where none was measured for it) of the device with this UUID (and driver, when given
// non-zero).
std::optional<Peaks> gpu_peaks(const nlohmann::json& profile, const std::string& uuid, int driver = 0,
                               const std::string& ops_type = "fp32");

// This machine's CPU model string (from /proc/cpuinfo).
std::string this_cpu_model();

}  // namespace crucible
