#include "perf/cupti_summary.hpp"

#include <cstdio>

namespace crucible {

const char* copy_direction_name(CopyDirection direction) {
  switch (direction) {
    case CopyDirection::host_to_device: return "h2d";
    case CopyDirection::device_to_host: return "d2h";
    case CopyDirection::device_to_device: return "d2d";
    case CopyDirection::host_to_host: return "h2h";
    case CopyDirection::peer_to_peer: return "p2p";
    case CopyDirection::other: break;
  }
  return "other";
}

namespace {

struct Window {
  std::uint64_t start, end;
};

bool inside(const std::vector<Window>& windows, std::uint64_t start, std::uint64_t end) {
  if (windows.empty()) return true;
  for (const auto& w : windows) {
    if (start >= w.start && end <= w.end) return true;
  }
  return false;
}

}  // namespace

CuptiSummary summarize_cupti(const CuptiRecords& records, std::size_t runs, const std::string& case_range) {
  CuptiSummary s;
  s.runs = runs;
  s.dropped = records.dropped;
  // NVTX ranges are host-side times and GPU work runs later than its launch: a case window
  // stretches to the start of the next case range (or forever), so that work launched inside
  // the range and executed after the host popped it still counts.
  std::vector<Window> windows;
  if (!case_range.empty()) {
    std::vector<Window> starts;
    for (const auto& r : records.ranges) {
      if (r.name == case_range) starts.push_back({r.start_ns, r.end_ns});
    }
    for (std::size_t i = 0; i < starts.size(); ++i) {
      std::uint64_t end = UINT64_MAX;
      for (const auto& other : starts) {
        if (other.start > starts[i].start && other.start < end) end = other.start;
      }
      windows.push_back({starts[i].start, end});
    }
  }
  for (const auto& k : records.kernels) {
    if (k.start_ns == 0 || k.end_ns < k.start_ns) continue;  // no timestamps: nothing to add
    if (!inside(windows, k.start_ns, k.end_ns)) continue;
    auto& totals = s.kernels[k.name];
    ++totals.launches;
    const double ns = static_cast<double>(k.end_ns - k.start_ns);
    totals.total_ns += ns;
    s.kernel_sum_ns += ns;
  }
  for (const auto& c : records.copies) {
    if (!inside(windows, c.start_ns, c.end_ns)) continue;
    s.copy_bytes[copy_direction_name(c.direction)] += c.bytes;
    ++s.copy_count[copy_direction_name(c.direction)];
  }
  for (const auto& m : records.memsets) {
    if (inside(windows, m.start_ns, m.end_ns)) s.memset_bytes += m.bytes;
  }
  for (const auto& r : records.ranges) {
    if (r.end_ns < r.start_ns) continue;
    s.range_ns[r.name] += static_cast<double>(r.end_ns - r.start_ns);
    ++s.range_count[r.name];
  }
  return s;
}

nlohmann::json CuptiSummary::to_json() const {
  const double per = runs ? 1.0 / static_cast<double>(runs) : 0.0;
  nlohmann::json kernel_json = nlohmann::json::array();
  for (const auto& [name, t] : kernels) {
    kernel_json.push_back({{"name", name},
                           {"launches", t.launches},
                           {"launches_per_run", static_cast<double>(t.launches) * per},
                           {"gpu_ns_total", t.total_ns},
                           {"gpu_ns_per_run", t.total_ns * per},
                           {"gpu_ns_per_launch", t.launches ? t.total_ns / static_cast<double>(t.launches) : 0.0}});
  }
  nlohmann::json copies = nlohmann::json::object();
  for (const auto& [direction, bytes] : copy_bytes) {
    copies[direction] = {{"bytes_total", bytes},
                         {"bytes_per_run", static_cast<double>(bytes) * per},
                         {"count", copy_count.at(direction)}};
  }
  nlohmann::json phases = nlohmann::json::object();
  for (const auto& [name, ns] : range_ns) {
    phases[name] = {{"ns_total", ns}, {"ns_per_run", ns * per}, {"count", range_count.at(name)}};
  }
  return {{"runs", runs},
          {"kernels", kernel_json},
          {"kernel_ns_per_run", kernel_ns_per_run()},
          {"copies", copies},
          {"memset_bytes_per_run", static_cast<double>(memset_bytes) * per},
          {"nvtx_ranges", phases},
          {"dropped_records", dropped}};
}

TimingGap compare_event_and_kernel_time(double event_ns_per_run, double kernel_ns_per_run, double tolerance) {
  TimingGap gap;
  gap.event_ns = event_ns_per_run;
  gap.kernel_ns = kernel_ns_per_run;
  if (event_ns_per_run <= 0) return gap;
  gap.gap_fraction = (event_ns_per_run - kernel_ns_per_run) / event_ns_per_run;
  char text[256];
  if (kernel_ns_per_run <= 0) {
    std::snprintf(text, sizeof text,
                  "no kernel ran inside the timed region (event time %.3g us): the run enqueues no GPU work, or "
                  "only copies",
                  event_ns_per_run / 1e3);
    gap.finding = text;
  } else if (gap.gap_fraction > tolerance) {
    std::snprintf(text, sizeof text,
                  "event time %.3g us vs CUPTI kernel sum %.3g us: %.0f%% of the timed region runs no kernel "
                  "(launch overhead, host work, copies or synchronisation inside run)",
                  event_ns_per_run / 1e3, kernel_ns_per_run / 1e3, gap.gap_fraction * 100);
    gap.finding = text;
  } else if (gap.gap_fraction < -tolerance) {
    std::snprintf(text, sizeof text,
                  "CUPTI kernel sum %.3g us exceeds event time %.3g us by %.0f%%: kernels overlap (several "
                  "streams) or run outside the events",
                  kernel_ns_per_run / 1e3, event_ns_per_run / 1e3, -gap.gap_fraction * 100);
    gap.finding = text;
  }
  return gap;
}

nlohmann::json TimingGap::to_json() const {
  nlohmann::json j = {{"event_ns_per_run", event_ns}, {"kernel_ns_per_run", kernel_ns}, {"gap_fraction", gap_fraction}};
  j["finding"] = finding.empty() ? nlohmann::json(nullptr) : nlohmann::json(finding);
  return j;
}

}  // namespace crucible
