#include <gtest/gtest.h>

#include <unistd.h>

#include <fstream>
#include <thread>

#include "capability/cpu_profile.hpp"

namespace crucible {
namespace {

const char* const kCpuinfo = R"(processor	: 0
vendor_id	: GenuineIntel
model name	: Intel(R) Xeon(R) Platinum 8480+
physical id	: 0
core id		: 0
flags		: fpu sse4_2 avx avx2 fma bmi2 avx512f avx512bw amx_tile amx_bf16

processor	: 1
model name	: Intel(R) Xeon(R) Platinum 8480+
physical id	: 0
core id		: 0
flags		: fpu sse4_2 avx avx2 fma bmi2 avx512f avx512bw amx_tile amx_bf16

processor	: 2
model name	: Intel(R) Xeon(R) Platinum 8480+
physical id	: 0
core id		: 1
flags		: fpu sse4_2 avx avx2 fma bmi2 avx512f avx512bw amx_tile amx_bf16
)";

TEST(CpuInfo, ParsesModelThreadsCoresAndFlags) {
  const CpuInfo info = parse_cpuinfo(kCpuinfo);
  EXPECT_EQ(info.model, "Intel(R) Xeon(R) Platinum 8480+");
  EXPECT_EQ(info.logical_cpus, 3u);
  EXPECT_EQ(info.physical_cores, 2u);
  EXPECT_TRUE(info.flags.count("avx512f"));
  EXPECT_EQ(notable_isa(info.flags),
            (std::vector<std::string>{"sse4_2", "avx", "avx2", "fma", "bmi2", "avx512f", "avx512bw", "amx_tile", "amx_bf16"}));
}

TEST(CpuInfo, ArmFeaturesAndEmptyText) {
  const CpuInfo arm = parse_cpuinfo("processor : 0\nFeatures : fp asimd sve\n");
  EXPECT_EQ(notable_isa(arm.flags), (std::vector<std::string>{"asimd", "sve"}));
  const CpuInfo none = parse_cpuinfo("");
  EXPECT_EQ(none.logical_cpus, 0u);
  EXPECT_TRUE(none.model.empty());
}

TEST(Sizes, SuffixesAndMeminfo) {
  EXPECT_EQ(parse_size("48K"), 48u << 10);
  EXPECT_EQ(parse_size("2048K\n"), 2048u << 10);
  EXPECT_EQ(parse_size("32M"), 32u << 20);
  EXPECT_EQ(parse_size("1G"), 1ull << 30);
  EXPECT_EQ(parse_size("512"), 512u);
  EXPECT_EQ(parse_size("131072 kB"), 131072ull << 10);
  EXPECT_FALSE(parse_size("lots"));
  EXPECT_FALSE(parse_size("12Q"));
  EXPECT_EQ(parse_meminfo_total("MemFree: 5 kB\nMemTotal:       16384 kB\n"), 16384ull << 10);
  EXPECT_FALSE(parse_meminfo_total("MemFree: 5 kB\n"));
}

TEST(Caches, ReadsSysfsLayout) {
  const auto dir = std::filesystem::temp_directory_path() / ("crucible-cache-test-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  const auto write = [&](const std::string& index, const std::string& level, const std::string& type,
                         const std::string& size) {
    std::filesystem::create_directories(dir / index);
    std::ofstream(dir / index / "level") << level << "\n";
    std::ofstream(dir / index / "type") << type << "\n";
    std::ofstream(dir / index / "size") << size << "\n";
    std::ofstream(dir / index / "shared_cpu_list") << "0-1\n";
  };
  write("index0", "1", "Data", "48K");
  write("index1", "1", "Instruction", "32K");
  write("index3", "3", "Unified", "105M");
  write("index2", "2", "Unified", "2048K");
  std::filesystem::create_directories(dir / "power");
  const auto caches = read_caches(dir);
  std::filesystem::remove_all(dir);
  ASSERT_EQ(caches.size(), 4u);
  EXPECT_EQ(caches[0].level, 1);
  EXPECT_EQ(caches[0].type, "Data");
  EXPECT_EQ(caches[0].bytes, 48u << 10);
  EXPECT_EQ(caches[3].level, 3);
  EXPECT_EQ(caches[3].bytes, 105ull << 20);
  EXPECT_EQ(caches[3].shared_cpu_list, "0-1");
  EXPECT_TRUE(read_caches(dir / "missing").empty());
}

// Measured peaks: sanity only (positive, finite, below absurd), never a speed threshold.
TEST(MeasuredPeaks, TriadBandwidthIsPlausible) {
  const double bw = measure_triad_bytes_per_s(1 << 16, 2, 2);
  EXPECT_GT(bw, 1e6);
  EXPECT_LT(bw, 1e14);
}

TEST(MeasuredPeaks, FmaThroughputIsPlausibleAndNamesItsIsa) {
  std::string isa;
  const double flops = measure_fp32_fma_flops(1, 20000, &isa);
  EXPECT_GT(flops, 1e6);
  EXPECT_LT(flops, 1e14);
  EXPECT_TRUE(isa == "avx512f" || isa == "avx2+fma" || isa == "scalar") << isa;
}

TEST(CpuProfileJson, HasEveryField) {
  const auto j = cpu_profile_json(true);
  EXPECT_FALSE(j["model"].get<std::string>().empty());
  EXPECT_GE(j["logical_cpus"].get<unsigned>(), 1u);
  EXPECT_GT(j["memory_bytes"].get<double>(), 0);
  EXPECT_TRUE(j["isa"].is_array());
  EXPECT_TRUE(j["caches"].is_array());
  EXPECT_GT(j["measured"]["triad_bytes_per_s"].get<double>(), 0);
  EXPECT_GT(j["measured"]["fp32_flops"].get<double>(), 0);
  EXPECT_EQ(j["measured"]["threads"].get<unsigned>(), std::max(1u, std::thread::hardware_concurrency()));
}

}  // namespace
}  // namespace crucible
