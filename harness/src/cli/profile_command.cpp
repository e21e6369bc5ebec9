#include "cli/profile_command.hpp"

#include <cstdio>
#include <iostream>
#include <sstream>

#include <crucible/exit_codes.hpp>

#include "capability/capability_profile.hpp"
#include "cli/command_line.hpp"
#include "cli/output_file.hpp"
#include "results/atomic_file.hpp"

namespace crucible {

namespace {

const char* const kProfileHelp = R"(usage: crucible profile [--json] [--refresh] [--quick] [--out FILE]

The capability profile of this machine: CPU model, cores and threads, ISA flags, caches and
memory, with measured STREAM-triad bandwidth (all threads) and FP32 FMA peak; per CUDA device
its properties and measured device-to-device, pinned host<->device bandwidth, launch latency,
read bandwidth from L2 (hot) and from device memory (L2 flushed, and beyond L2), and cuBLAS
GEMM throughput per dtype. Benchmarks report percent of these measured peaks.

The profile is cached by hardware fingerprint (CPU model, GPU UUIDs, driver) in
$CRUCIBLE_PROFILE, else $XDG_CACHE_HOME/crucible/profile.json, else
~/.cache/crucible/profile.json; a matching cache is printed without measuring.

options:
  --json      print the profile as JSON
  --refresh   measure again even when the cache matches
  --quick     small sizes (seconds, less accurate; not cached)
  --out FILE  also write the profile to FILE (e.g. next to results.json)
)";

std::string rate(double value, const char* unit) {
  if (!(value > 0)) return "-";
  static const char* const prefixes[] = {"", "K", "M", "G", "T", "P"};
  int p = 0;
  while (value >= 1000 && p < 5) value /= 1000, ++p;
  char text[48];
  std::snprintf(text, sizeof text, "%.3g %s%s", value, prefixes[p], unit);
  return text;
}

std::string bytes(double value) {
  static const char* const units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  int u = 0;
  while (value >= 1024 && u < 4) value /= 1024, ++u;
  char text[48];
  std::snprintf(text, sizeof text, "%.4g %s", value, units[u]);
  return text;
}

std::string micros(double seconds) {
  char text[32];
  std::snprintf(text, sizeof text, "%.3g us", seconds * 1e6);
  return text;
}

}  // namespace

std::string profile_text(const nlohmann::json& profile) {
  std::ostringstream out;
  const auto cpu = profile.value("cpu", nlohmann::json::object());
  const auto m = cpu.value("measured", nlohmann::json::object());
  out << "capability profile, measured " << profile.value("measured_at", "?") << "\n";
  out << "CPU     " << cpu.value("model", "?") << "\n";
  out << "        " << cpu.value("physical_cores", 0u) << " cores, " << cpu.value("logical_cpus", 0u) << " threads, "
      << bytes(cpu.value("memory_bytes", 0.0)) << " memory\n";
  std::string isa;
  for (const auto& f : cpu.value("isa", nlohmann::json::array())) isa += (isa.empty() ? "" : " ") + f.get<std::string>();
  out << "        ISA: " << (isa.empty() ? "-" : isa) << "\n";
  std::string caches;
  for (const auto& c : cpu.value("caches", nlohmann::json::array())) {
    caches += (caches.empty() ? "" : ", ") + std::string("L") + std::to_string(c.value("level", 0)) +
              (c.value("type", "") == "Data" ? "d" : c.value("type", "") == "Instruction" ? "i" : "") + " " +
              bytes(c.value("bytes", 0.0));
  }
  out << "        caches: " << (caches.empty() ? "-" : caches) << "\n";
  out << "        triad bandwidth " << rate(m.value("triad_bytes_per_s", 0.0), "B/s") << ", FP32 FMA "
      << rate(m.value("fp32_flops", 0.0), "FLOP/s") << " (" << m.value("fma_isa", "?") << ", " << m.value("threads", 0u)
      << " threads)\n";
  const auto gpu = profile.value("gpu", nlohmann::json::object());
  if (gpu.contains("absent")) {
    out << "GPU     " << gpu["absent"].get<std::string>() << "\n";
  }
  for (const auto& d : gpu.value("devices", nlohmann::json::array())) {
    out << "GPU " << d.value("index", 0) << "   " << d.value("name", "?") << " (" << d.value("uuid", "") << "), sm_"
        << d.value("compute_capability", "?") << ", " << d.value("sms", 0) << " SMs, " << bytes(d.value("memory_bytes", 0.0))
        << ", L2 " << bytes(d.value("l2_bytes", 0.0)) << ", driver " << d.value("cuda_driver", 0) << ", runtime "
        << d.value("cuda_runtime", 0) << "\n";
    if (d.contains("error")) {
      out << "        error: " << d["error"].get<std::string>() << "\n";
      continue;
    }
    const auto g = d.value("measured", nlohmann::json::object());
    out << "        d2d " << rate(g.value("d2d_bytes_per_s", 0.0), "B/s") << ", h2d pinned "
        << rate(g.value("h2d_pinned_bytes_per_s", 0.0), "B/s") << ", d2h pinned "
        << rate(g.value("d2h_pinned_bytes_per_s", 0.0), "B/s") << ", launch+sync "
        << micros(g.value("launch_sync_latency_s", 0.0)) << ", back-to-back "
        << micros(g.value("launch_back_to_back_s", 0.0)) << "\n";
    if (const auto reads = g.value("reads", nlohmann::json::object()); !reads.empty()) {
      out << "        read " << bytes(reads.value("read_l2_resident_bytes", 0.0)) << " hot (L2) "
          << rate(reads.value("read_hot_bytes_per_s", 0.0), "B/s") << ", cold (L2 flushed) "
          << rate(reads.value("read_cold_bytes_per_s", 0.0), "B/s") << "; read " << bytes(reads.value("read_large_bytes", 0.0))
          << " " << rate(reads.value("read_large_bytes_per_s", 0.0), "B/s") << "\n";
    }
    out << "        GEMM:";
    const auto gemm = g.value("gemm", nlohmann::json::object());  // items() of a temporary would dangle
    for (const auto& [dtype, v] : gemm.items()) {
      if (!v.is_object()) continue;
      out << " " << dtype << " " << (v.contains("flops") ? rate(v["flops"].get<double>(), "FLOP/s") : "absent");
    }
    out << "\n";
  }
  return out.str();
}

int profile_command(const std::vector<std::string>& args) {
  const CommandLine cl(args, {"--json", "--refresh", "--quick", "--help"}, {"--out"});
  if (cl.flag("--help")) {
    std::cout << kProfileHelp;
    return exit_code::ok;
  }
  if (!cl.positionals().empty()) throw UsageError("profile takes no arguments, got '" + cl.positionals()[0] + "'");
  if (auto out = cl.option("--out")) check_output_file("--out", *out);
  const auto cache = profile_cache_path();
  const bool quick = cl.flag("--quick");
  std::optional<nlohmann::json> profile;
  std::string source;
  if (!cl.flag("--refresh") && !quick) {
    profile = load_profile(cache);
    if (profile && profile->value("fingerprint", nlohmann::json()) != current_fingerprint()) profile.reset();
    if (profile) source = "cached in " + cache.string();
  }
  if (!profile) {
    std::cerr << "crucible profile: measuring (CPU" << (quick ? ", quick" : "") << ", then any GPU)...\n";
    profile = measure_profile(quick);
    if (const auto why = uncacheable_reason(*profile); why && !quick) {
      source = "measured now, not cached: " + *why;
    } else if (!quick) {
      try {
        save_profile(cache, *profile);
        source = "measured now, cached in " + cache.string();
      } catch (const std::exception& e) {
        source = std::string("measured now, not cached: ") + e.what();
      }
    } else {
      source = "measured now (quick), not cached";
    }
  }
  if (auto out = cl.option("--out")) write_file_atomically(*out, profile->dump(2) + "\n");
  if (cl.flag("--json")) {
    std::cout << profile->dump(2) << "\n";
  } else {
    std::cout << profile_text(*profile) << "(" << source << ")\n";
  }
  return exit_code::ok;
}

}  // namespace crucible
