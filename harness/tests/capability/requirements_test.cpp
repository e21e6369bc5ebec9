// A variant's requirements against this machine: the CUDA code a plugin was built with against
// stand-in devices (no GPU needed), and ISA and memory needs against this host.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "capability/cuda_architectures.hpp"
#include "capability/requirements_check.hpp"

namespace crucible {
namespace {

bool runs(const char* architectures, double cc) { return cuda_code_mismatch(architectures, cc, "GPU").empty(); }

TEST(CudaArchitectures, SassRunsOnItsMajorAndPtxOnEveryLaterChip) {
  // The default build: SASS and PTX for 80 and 90.
  EXPECT_TRUE(runs("80,90", 8.0));   // A100
  EXPECT_TRUE(runs("80,90", 8.6));   // sm_80 SASS on an A10 / RTX 30
  EXPECT_TRUE(runs("80,90", 8.9));   // L4
  EXPECT_TRUE(runs("80,90", 9.0));   // H100 / H200
  EXPECT_TRUE(runs("80,90", 10.0));  // compute_90 PTX compiled by the driver
  EXPECT_FALSE(runs("80,90", 7.5));  // T4: nothing older than 8.0 was built
  // SASS only: no PTX to fall back on for a newer major.
  EXPECT_TRUE(runs("90-real", 9.0));
  EXPECT_FALSE(runs("90-real", 10.0));
  EXPECT_FALSE(runs("90-real", 8.0));
  // PTX only.
  EXPECT_TRUE(runs("80-virtual", 12.0));
  EXPECT_FALSE(runs("80-virtual", 7.5));
  // Arch-specific Hopper code runs on 9.0 alone; CMake's ';' separator is read too.
  EXPECT_TRUE(runs("90a-real", 9.0));
  EXPECT_FALSE(runs("90a", 10.0));
  EXPECT_TRUE(runs("90a;100", 10.0));
}

TEST(CudaArchitectures, SymbolicOrEmptyListsAreNotJudged) {
  EXPECT_TRUE(runs("", 7.5));
  EXPECT_TRUE(runs("native", 7.5));
  EXPECT_TRUE(runs("all-major", 7.5));
}

TEST(CudaArchitectures, TheReasonNamesTheBuildTheDeviceAndTheFix) {
  const std::string why = cuda_code_mismatch("80,90", 7.5, "Tesla T4");
  EXPECT_NE(why.find("80,90"), std::string::npos) << why;
  EXPECT_NE(why.find("Tesla T4 (compute capability 7.5)"), std::string::npos) << why;
  EXPECT_NE(why.find("CMAKE_CUDA_ARCHITECTURES including 75"), std::string::npos) << why;
}

TEST(Requirements, AnUnknownIsaIsNamedNotTakenAsMissing) {
  const std::string why = unmet_requirements({{"isa", {"avx-512f"}}});
  EXPECT_NE(why.find("unknown ISA 'avx-512f'"), std::string::npos) << why;
  EXPECT_NE(why.find("avx512f"), std::string::npos) << why;  // the list of known names
}

TEST(Requirements, IsaAndMemoryAgainstThisHost) {
  // Every x86-64 machine this runs on has SSE4.2; none has an exabyte of memory.
  EXPECT_EQ(unmet_requirements({{"isa", {"sse4.2"}}}), "");
  const std::string why = unmet_requirements({{"memory_gib", 1e9}});
  EXPECT_NE(why.find("needs 1000000000.0 GiB of memory"), std::string::npos) << why;
  EXPECT_EQ(unmet_requirements({{"memory_gib", 0.001}}), "");
}

}  // namespace
}  // namespace crucible
