#include "capability/capability_profile.hpp"

#include <chrono>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <sstream>

#include "capability/cpu_profile.hpp"
#include "capability/gpu_profile.hpp"
#include "results/atomic_file.hpp"

namespace crucible {

std::filesystem::path profile_cache_path() {
  if (const char* explicit_path = std::getenv("CRUCIBLE_PROFILE"); explicit_path && *explicit_path) {
    return explicit_path;
  }
  if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg) {
    return std::filesystem::path(xdg) / "crucible" / "profile.json";
  }
  if (const char* home = std::getenv("HOME"); home && *home) {
    return std::filesystem::path(home) / ".cache" / "crucible" / "profile.json";
  }
  return ".crucible-profile.json";
}

std::string this_cpu_model() {
  std::ifstream in("/proc/cpuinfo");
  std::stringstream text;
  text << in.rdbuf();
  return parse_cpuinfo(text.str()).model;
}

nlohmann::json current_fingerprint(const std::string& cpu_model, const nlohmann::json& gpu_identity) {
  return {{"cpu_model", cpu_model}, {"gpus", gpu_identity}};
}

nlohmann::json current_fingerprint() { return current_fingerprint(this_cpu_model(), gpu_identity_json()); }

std::optional<nlohmann::json> load_profile(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) return std::nullopt;
  try {
    auto profile = nlohmann::json::parse(in);
    if (!profile.is_object() || profile.value("schema", "") != kProfileSchema) return std::nullopt;
    return profile;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

void save_profile(const std::filesystem::path& path, const nlohmann::json& profile) {
  if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path());
  write_file_atomically(path, profile.dump(2) + "\n");
}

nlohmann::json measure_profile(bool quick) {
  const auto now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  char stamp[32];
  std::tm utc{};
  gmtime_r(&now, &utc);
  std::strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", &utc);
  nlohmann::json cpu = cpu_profile_json(quick);
  nlohmann::json gpu = gpu_profile_json(quick);
  nlohmann::json identity = nlohmann::json::array();
  for (const auto& d : gpu.value("devices", nlohmann::json::array())) {
    identity.push_back({{"uuid", d.value("uuid", "")}, {"name", d.value("name", "")}, {"driver", d.value("cuda_driver", 0)}});
  }
  return {{"schema", kProfileSchema},
          {"measured_at", stamp},
          {"fingerprint", current_fingerprint(cpu.value("model", ""), identity)},
          {"cpu", cpu},
          {"gpu", gpu}};
}

std::optional<std::string> uncacheable_reason(const nlohmann::json& profile) {
  const auto gpu = profile.value("gpu", nlohmann::json::object());
  for (const auto& d : gpu.value("devices", nlohmann::json::array())) {
    if (d.contains("error")) {
      return "GPU " + std::to_string(d.value("index", 0)) + " (" + d.value("name", "?") +
             ") failed: " + d["error"].get<std::string>();
    }
  }
  return std::nullopt;
}

bool is_float_ops_type(const std::string& ops_type) {
  return ops_type == "fp32" || ops_type == "tf32" || ops_type == "fp16" || ops_type == "bf16" || ops_type == "fp8";
}

namespace {

// The basis of a compute peak for ops of `ops_type`: what was measured, and why it stands in
// when it is not of that type.
std::string compute_basis(const std::string& ops_type, const std::string& measured, bool exact) {
  if (!is_float_ops_type(ops_type)) return "no compute peak for ops of type '" + ops_type + "'";
  return exact ? measured : measured + " (no " + ops_type + " peak measured here)";
}

}  // namespace

std::optional<Peaks> cpu_peaks(const nlohmann::json& profile, const std::string& cpu_model, const std::string& ops_type) {
  if (!profile.contains("cpu") || profile["cpu"].value("model", "") != cpu_model) return std::nullopt;
  const auto& m = profile["cpu"].value("measured", nlohmann::json::object());
  Peaks p;
  p.bytes_per_s = m.value("triad_bytes_per_s", 0.0);
  // The CPU peak measured is FP32 FMA; f16/bf16 data is computed in fp32 on a CPU.
  if (is_float_ops_type(ops_type)) p.ops_per_s = m.value("fp32_flops", 0.0);
  p.basis = "cpu (" + cpu_model + "): STREAM triad bandwidth, " +
            compute_basis(ops_type, "FP32 FMA peak (" + m.value("fma_isa", "") + ")", ops_type == "fp32") + ", " +
            std::to_string(m.value("threads", 0u)) + " threads, measured " + profile.value("measured_at", "");
  if (p.bytes_per_s <= 0 && p.ops_per_s <= 0) return std::nullopt;
  return p;
}

std::optional<Peaks> gpu_peaks(const nlohmann::json& profile, const std::string& uuid, int driver,
                               const std::string& ops_type) {
  const auto devices = profile.value("gpu", nlohmann::json::object()).value("devices", nlohmann::json::array());
  for (const auto& d : devices) {
    if (d.value("uuid", "") != uuid) continue;
    if (driver != 0 && d.value("cuda_driver", 0) != driver) continue;
    const auto m = d.value("measured", nlohmann::json::object());
    Peaks p;
    p.bytes_per_s = m.value("d2d_bytes_per_s", 0.0);
    const auto gemm = m.value("gemm", nlohmann::json::object());
    const auto gemm_flops = [&](const std::string& type) {
      return gemm.value(type, nlohmann::json::object()).value("flops", 0.0);
    };
    const bool exact = gemm_flops(ops_type) > 0;
    const std::string peak_type = exact ? ops_type : "fp32";
    if (is_float_ops_type(ops_type)) p.ops_per_s = gemm_flops(peak_type);
    p.basis = "gpu (" + d.value("name", "") + " " + uuid + "): device-to-device copy bandwidth, " +
              compute_basis(ops_type, "cuBLAS " + peak_type + " GEMM", exact) + ", measured " +
              profile.value("measured_at", "");
    if (p.bytes_per_s <= 0 && p.ops_per_s <= 0) return std::nullopt;
    return p;
  }
  return std::nullopt;
}

}  // namespace crucible
