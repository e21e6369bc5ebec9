#pragma once
// CuptiSummary: what a case's CUPTI activity records say, independent of CUPTI itself so that
// the aggregation is tested with synthetic records: per kernel its GPU time and launches per
// run, bytes copied per direction, memset bytes, time per NVTX range (phase), and the GPU
// kernel-time sum per run to set beside the CUDA-event time. A large gap between the two is a
// finding: launch overhead, host work or synchronisation inside the timed region.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace crucible {

struct KernelActivity {
  std::string name;
  std::uint64_t start_ns = 0, end_ns = 0;
};
enum class CopyDirection { host_to_device, device_to_host, device_to_device, host_to_host, peer_to_peer, other };
const char* copy_direction_name(CopyDirection direction);
struct CopyActivity {
  CopyDirection direction = CopyDirection::other;
  std::uint64_t bytes = 0;
  std::uint64_t start_ns = 0, end_ns = 0;
};
struct MemsetActivity {
  std::uint64_t bytes = 0;
  std::uint64_t start_ns = 0, end_ns = 0;
};
// An NVTX push/pop range as CUPTI's marker records give it: start and end paired by id.
struct RangeActivity {
  std::string name;
  std::uint64_t start_ns = 0, end_ns = 0;
};

struct CuptiRecords {
  std::vector<KernelActivity> kernels;
  std::vector<CopyActivity> copies;
  std::vector<MemsetActivity> memsets;
  std::vector<RangeActivity> ranges;
  std::uint64_t dropped = 0;  // records CUPTI reported as dropped
};

struct KernelTotals {
  std::uint64_t launches = 0;
  double total_ns = 0;
};

struct CuptiSummary {
  std::size_t runs = 0;
  std::map<std::string, KernelTotals> kernels;
  std::map<std::string, std::uint64_t> copy_bytes;  // by direction name
  std::map<std::string, std::uint64_t> copy_count;
  std::uint64_t memset_bytes = 0;
  std::map<std::string, double> range_ns;          // total per range name
  std::map<std::string, std::uint64_t> range_count;
  double kernel_sum_ns = 0;  // all kernels, all runs
  std::uint64_t dropped = 0;

  double kernel_ns_per_run() const { return runs ? kernel_sum_ns / static_cast<double>(runs) : 0; }
  nlohmann::json to_json() const;
};

// Aggregates records of `runs` runs. Only kernels, copies and memsets inside one of the ranges
// named case_range (when it is non-empty and any such range was recorded) are counted, so that
// the harness's own work (L2 flush, warm-up) outside the case range stays out.
CuptiSummary summarize_cupti(const CuptiRecords& records, std::size_t runs, const std::string& case_range = "");

// Event time beside kernel-sum time, per run. A finding when kernels cover less than
// (1 - tolerance) of the event time: names the gap and its likely causes. Empty otherwise.
struct TimingGap {
  double event_ns = 0;
  double kernel_ns = 0;
  double gap_fraction = 0;  // (event - kernel) / event
  std::string finding;
  nlohmann::json to_json() const;
};
TimingGap compare_event_and_kernel_time(double event_ns_per_run, double kernel_ns_per_run, double tolerance = 0.10);

}  // namespace crucible
