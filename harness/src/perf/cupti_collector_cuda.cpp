// Built with CUDA: CUPTI's activity API. Buffers are handed to CUPTI from the heap and parsed
// when CUPTI returns them; NVTX push/pop ranges arrive as marker records (start with name, end)
// when NVTX_INJECTION64_PATH pointed at libcupti.so before the first NVTX call.
#include <cxxabi.h>

#include <cstdlib>
#include <map>
#include <mutex>

#include <cupti.h>

#include "perf/cupti_collector.hpp"

namespace crucible {

namespace {

std::mutex records_mutex;
CuptiRecords* active_records = nullptr;  // where completed buffers go
std::map<std::uint64_t, RangeActivity> open_ranges;

constexpr std::size_t kBufferBytes = 8u << 20;

void CUPTIAPI buffer_requested(uint8_t** buffer, size_t* size, size_t* max_records) {
  *buffer = static_cast<uint8_t*>(std::aligned_alloc(8, kBufferBytes));
  *size = *buffer ? kBufferBytes : 0;
  *max_records = 0;
}

CopyDirection direction_of(uint8_t kind) {
  switch (kind) {
    case CUPTI_ACTIVITY_MEMCPY_KIND_HTOD: return CopyDirection::host_to_device;
    case CUPTI_ACTIVITY_MEMCPY_KIND_DTOH: return CopyDirection::device_to_host;
    case CUPTI_ACTIVITY_MEMCPY_KIND_DTOD: return CopyDirection::device_to_device;
    case CUPTI_ACTIVITY_MEMCPY_KIND_HTOH: return CopyDirection::host_to_host;
    case CUPTI_ACTIVITY_MEMCPY_KIND_PTOP: return CopyDirection::peer_to_peer;
    default: return CopyDirection::other;
  }
}

// CUPTI names kernels as the compiler mangled them; reports show what the source says.
std::string demangled(const char* name) {
  if (!name) return "?";
  int status = 0;
  char* readable = abi::__cxa_demangle(name, nullptr, nullptr, &status);
  std::string out = status == 0 && readable ? readable : name;
  std::free(readable);
  return out;
}

void take(CuptiRecords& out, const CUpti_Activity* record) {
  switch (record->kind) {
    case CUPTI_ACTIVITY_KIND_KERNEL:
    case CUPTI_ACTIVITY_KIND_CONCURRENT_KERNEL: {
      const auto* k = reinterpret_cast<const CUpti_ActivityKernel10*>(record);
      out.kernels.push_back({demangled(k->name), k->start, k->end});
      break;
    }
    case CUPTI_ACTIVITY_KIND_MEMCPY: {
      const auto* m = reinterpret_cast<const CUpti_ActivityMemcpy6*>(record);
      out.copies.push_back({direction_of(m->copyKind), m->bytes, m->start, m->end});
      break;
    }
    case CUPTI_ACTIVITY_KIND_MEMSET: {
      const auto* m = reinterpret_cast<const CUpti_ActivityMemset4*>(record);
      out.memsets.push_back({m->bytes, m->start, m->end});
      break;
    }
    case CUPTI_ACTIVITY_KIND_MARKER: {
      const auto* m = reinterpret_cast<const CUpti_ActivityMarker2*>(record);
      if (m->flags & CUPTI_ACTIVITY_FLAG_MARKER_START) {
        open_ranges[m->id] = {m->name ? m->name : "", m->timestamp, 0};
      } else if (m->flags & CUPTI_ACTIVITY_FLAG_MARKER_END) {
        auto it = open_ranges.find(m->id);
        if (it != open_ranges.end()) {
          it->second.end_ns = m->timestamp;
          out.ranges.push_back(it->second);
          open_ranges.erase(it);
        }
      }
      break;
    }
    default: break;
  }
}

void CUPTIAPI buffer_completed(CUcontext context, uint32_t stream_id, uint8_t* buffer, size_t, size_t valid) {
  {
    std::lock_guard lock(records_mutex);
    CUpti_Activity* record = nullptr;
    while (cuptiActivityGetNextRecord(buffer, valid, &record) == CUPTI_SUCCESS) {
      if (active_records) take(*active_records, record);
    }
    size_t dropped = 0;
    if (active_records && cuptiActivityGetNumDroppedRecords(context, stream_id, &dropped) == CUPTI_SUCCESS) {
      active_records->dropped += dropped;
    }
  }
  std::free(buffer);
}

const CUpti_ActivityKind kKinds[] = {CUPTI_ACTIVITY_KIND_CONCURRENT_KERNEL, CUPTI_ACTIVITY_KIND_MEMCPY,
                                     CUPTI_ACTIVITY_KIND_MEMSET, CUPTI_ACTIVITY_KIND_MARKER};

class CuptiActivityCollector : public CuptiCollector {
 public:
  CuptiRecords finish() override {
    stop();
    std::lock_guard lock(records_mutex);
    CuptiRecords out = std::move(records_);
    active_records = nullptr;
    open_ranges.clear();
    return out;
  }
  // Left unfinished (the CUPTI pass threw): tracing must not stay on for the cases after.
  ~CuptiActivityCollector() override {
    stop();
    std::lock_guard lock(records_mutex);
    if (active_records == &records_) active_records = nullptr;
  }
  CuptiRecords records_;

 private:
  void stop() {
    if (stopped_) return;
    stopped_ = true;
    cuptiActivityFlushAll(CUPTI_ACTIVITY_FLAG_FLUSH_FORCED);
    for (auto kind : kKinds) cuptiActivityDisable(kind);
  }
  bool stopped_ = false;
};

}  // namespace

std::unique_ptr<CuptiCollector> CuptiCollector::start(std::string* absent_reason) {
  static const CUptiResult registered = cuptiActivityRegisterCallbacks(buffer_requested, buffer_completed);
  if (registered != CUPTI_SUCCESS) {
    const char* text = nullptr;
    cuptiGetResultString(registered, &text);
    if (absent_reason) *absent_reason = std::string("absent: CUPTI unavailable (") + (text ? text : "?") + ")";
    return nullptr;
  }
  auto collector = std::make_unique<CuptiActivityCollector>();
  {
    std::lock_guard lock(records_mutex);
    active_records = &collector->records_;
    open_ranges.clear();
  }
  for (auto kind : kKinds) {
    const CUptiResult status = cuptiActivityEnable(kind);
    if (status != CUPTI_SUCCESS && kind != CUPTI_ACTIVITY_KIND_MARKER) {
      const char* text = nullptr;
      cuptiGetResultString(status, &text);
      if (absent_reason) *absent_reason = std::string("absent: cuptiActivityEnable failed (") + (text ? text : "?") + ")";
      for (auto k : kKinds) cuptiActivityDisable(k);
      std::lock_guard lock(records_mutex);
      active_records = nullptr;
      return nullptr;
    }
  }
  return collector;
}

}  // namespace crucible
