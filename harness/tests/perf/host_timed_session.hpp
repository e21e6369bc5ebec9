#pragma once
// A GpuSession stand-in for tests on the CPU: it times the runs it is handed with the host
// clock and records how it was asked to time them. What it proves is the flow and the record
// shape, not GPU timing.
#include <chrono>
#include <functional>
#include <string>

#include "perf/gpu_session.hpp"

namespace crucible {

class HostTimedSession : public GpuSession {
 public:
  // What the session was asked to do, kept by the test (the session is gone when the
  // benchmark returns).
  struct Seen {
    int flushes = 0;        // samples taken after an L2 flush
    int holds = 0;          // samples taken behind the launch hold
    std::size_t max_batch = 0;
  };

  explicit HostTimedSession(bool capture_works, Seen* seen = nullptr) : capture_works_(capture_works), seen_(seen) {}
  void* stream() override { return nullptr; }
  nlohmann::json device_json() const override { return {{"name", "host stand-in"}, {"uuid", uuid()}}; }
  std::string uuid() const override { return "GPU-host-stand-in"; }
  std::size_t l2_flush_bytes() const override { return 8u << 20; }
  double time_runs(const std::function<void()>& enqueue, const RunTiming& timing) override {
    if (seen_) {
      seen_->flushes += timing.flush_l2;
      seen_->holds += timing.flush_l2 && timing.hold_launch;
      seen_->max_batch = std::max(seen_->max_batch, timing.batch);
    }
    const auto start = std::chrono::steady_clock::now();
    for (std::size_t i = 0; i < timing.batch; ++i) enqueue();
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() /
           static_cast<double>(timing.batch);
  }
  std::string launch_hold() const override { return "off: a host-timed stand-in"; }
  bool capture_graph(const std::function<void()>& enqueue, std::string* why) override {
    if (!capture_works_) {
      *why = "stand-in cannot capture";
      return false;
    }
    captured_ = enqueue;
    return true;
  }
  double time_graph(std::size_t batch) override { return time_runs(captured_, RunTiming{.batch = batch}); }
  void synchronize() override {}
  std::optional<ClockReading> clock() const override { return ClockReading{1980, 0}; }
  ThrottlePolicy throttle_policy() const override {
    ThrottlePolicy p;
    p.reference_clock_mhz = 1980;
    return p;
  }
  std::string clock_absent_reason() const override { return ""; }

 private:
  bool capture_works_;
  Seen* seen_;
  std::function<void()> captured_;
};

}  // namespace crucible
