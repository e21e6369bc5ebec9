#pragma once
// GpuSession: the CUDA side of timing one GPU variant, behind an interface so that the
// benchmark logic (gpu_benchmark.cpp) has no #ifdefs: gpu_session_cuda.cpp owns a stream,
// CUDA events, the L2-flush buffer, a captured CUDA graph and NVML clocks; gpu_session_none.cpp
// (built without CUDA) only says why there is none.
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "timing/throttle_filter.hpp"

namespace crucible {

// How GpuSession::time_runs takes one sample.
struct RunTiming {
  std::size_t batch = 1;  // enqueues between the start and stop events; the sample is per run
  // The cold mode: a write over a buffer larger than L2 is enqueued before the start event
  // (outside the timed region).
  bool flush_l2 = false;
  // With flush_l2: the flush and the runs sit behind a kernel that holds the stream until the
  // runs are enqueued, so that their launch time stays out of the sample. A run() that waits
  // on the GPU while enqueueing (a variant that synchronizes) would wait on the hold itself.
  bool hold_launch = false;
};

class GpuSession {
 public:
  // nullptr with *absent_reason ("absent: no CUDA device (...)") when no device can be used.
  static std::unique_ptr<GpuSession> open(std::string* absent_reason);
  virtual ~GpuSession() = default;

  virtual void* stream() = 0;  // the harness-owned cudaStream_t
  // name, uuid, compute capability, SMs, L2, driver/runtime, NVML status.
  virtual nlohmann::json device_json() const = 0;
  virtual std::string uuid() const = 0;
  virtual std::size_t l2_flush_bytes() const = 0;

  // Seconds per run by CUDA events around `timing.batch` back-to-back enqueues of `enqueue` on
  // the stream (see RunTiming). Synchronises; throws on a CUDA error.
  virtual double time_runs(const std::function<void()>& enqueue, const RunTiming& timing) = 0;
  // Whether cold samples are taken behind the hold: "held", or "off: <why>" (it timed out once,
  // or there is none), for the record.
  virtual std::string launch_hold() const = 0;

  // Captures one enqueue into a CUDA graph (stream capture) for replay; false with *why.
  virtual bool capture_graph(const std::function<void()>& enqueue, std::string* why) = 0;
  // Seconds per replay, `batch` graph launches between two events.
  virtual double time_graph(std::size_t batch) = 0;

  virtual void synchronize() = 0;
  virtual std::optional<ClockReading> clock() const = 0;  // NVML; nullopt without it
  virtual ThrottlePolicy throttle_policy() const = 0;
  virtual std::string clock_absent_reason() const = 0;  // "" when NVML works
};

}  // namespace crucible
