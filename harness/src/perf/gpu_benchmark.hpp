#pragma once
// Benchmarks of a variant that requires CUDA: harness-owned stream, CUDA-event timing in the
// modes cold / hot / graph side by side (the suite's [bench] timing is the primary one),
// adaptive stopping, NVML clocks per sample, NVTX ranges, and a CUPTI pass per case.
#include <nlohmann/json.hpp>

#include "loader/plugin_library.hpp"
#include "results/record_log.hpp"

namespace crucible {

// variant: the variant's describe() entry ({"name", "requires", "capturable"}).
void run_gpu_benchmarks(const PluginLibrary& plugin, const nlohmann::json& task, const nlohmann::json& variant,
                        RecordLog& log);

}  // namespace crucible
