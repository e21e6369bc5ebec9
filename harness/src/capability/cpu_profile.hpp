#pragma once
// The CPU part of the capability profile: what /proc and /sys say (model, logical CPUs,
// physical cores, ISA flags, caches, memory), parsed by functions that take the text so tests
// can feed them, and two measured peaks: STREAM-like triad bandwidth on all threads, and FP32
// FMA throughput on all threads.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace crucible {

struct CpuInfo {
  std::string model;
  unsigned logical_cpus = 0;
  unsigned physical_cores = 0;  // distinct (physical id, core id); 0 when cpuinfo lacks them
  std::set<std::string> flags;
};
CpuInfo parse_cpuinfo(std::string_view text);

// The ISA flags that matter to kernels, in a fixed order: sse4_2, avx, avx2, fma, bmi2,
// avx512f, avx512bw, avx512vl, avx512_vnni, avx512_bf16, avx512_fp16, amx_tile, amx_bf16, amx_int8,
// and on Arm asimd, sve, sve2.
std::vector<std::string> notable_isa(const std::set<std::string>& flags);

// "48K", "2048K", "32M", "1G", "512" -> bytes.
std::optional<std::uint64_t> parse_size(std::string_view text);
// "MemTotal:  131072 kB" line of /proc/meminfo -> bytes.
std::optional<std::uint64_t> parse_meminfo_total(std::string_view text);

struct CacheInfo {
  int level = 0;
  std::string type;  // Data, Instruction, Unified
  std::uint64_t bytes = 0;
  std::string shared_cpu_list;
};
// Reads cpuN/cache/index*/{level,type,size,shared_cpu_list} under a sysfs cpu folder.
std::vector<CacheInfo> read_caches(const std::filesystem::path& cache_dir);

struct CpuPeaks {
  double triad_bytes_per_s = 0;
  double fp32_flops = 0;
  unsigned threads = 0;
  std::size_t triad_elements = 0;
  std::string fma_isa;  // which code path measured FMA: avx512f, avx2+fma, or scalar
};

// Triad a[i] = b[i] + s * c[i] over `elements` doubles per array, each thread on its slice
// (first touch by that thread), best of `repeats`; counts 24 bytes per element.
double measure_triad_bytes_per_s(std::size_t elements, unsigned threads, int repeats);
// Independent FMA chains in the widest vector unit this CPU has; ops = 2 per lane per FMA.
double measure_fp32_fma_flops(unsigned threads, std::uint64_t iterations, std::string* isa_used = nullptr);

// The whole CPU part, read and measured. quick: small sizes (tests).
nlohmann::json cpu_profile_json(bool quick);

}  // namespace crucible
