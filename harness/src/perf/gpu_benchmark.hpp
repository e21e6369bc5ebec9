#pragma once
// Benchmarks of a variant that requires CUDA: harness-owned stream, CUDA-event timing in the
// modes cold / hot / graph side by side (the suite's [bench] timing is the primary one),
// adaptive stopping, NVML clocks per sample, NVTX ranges, and a CUPTI pass per case.
#include <functional>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "loader/plugin_library.hpp"
#include "perf/gpu_session.hpp"
#include "results/record_log.hpp"
#include "task/worker_task.hpp"

namespace crucible {

// variant: the variant's describe() entry ({"name", "requires", "capturable", "synchronizes"}).
void run_gpu_benchmarks(const PluginLibrary& plugin, const WorkerTask& task, const nlohmann::json& variant,
                        RecordLog& log);

// The same with another way to open the session (tests drive the whole path on the CPU with a
// host-timed stand-in).
using GpuSessionFactory = std::function<std::unique_ptr<GpuSession>(std::string* absent_reason)>;
void run_gpu_benchmarks(const PluginLibrary& plugin, const WorkerTask& task, const nlohmann::json& variant,
                        RecordLog& log, const GpuSessionFactory& open_session);

}  // namespace crucible
