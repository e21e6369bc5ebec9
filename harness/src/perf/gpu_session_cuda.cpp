// Built with CUDA: the harness-owned stream, event timing, L2 flush, graph replay, NVML clocks.
#include <cuda_runtime_api.h>

#include <cstdio>
#include <stdexcept>

#include "capability/cuda_runtime_text.hpp"
#include "perf/gpu_session.hpp"
#include "perf/nvml_clocks.hpp"
#include "timing/adaptive_sampler.hpp"
#include "timing/gpu_wait_kernels.cuh"

namespace crucible {

namespace {

class CudaSession : public GpuSession {
 public:
  CudaSession(int device, const cudaDeviceProp& prop) : device_(device), prop_(prop) {
    try {
      check(cudaSetDevice(device_), "cudaSetDevice");
      check(cudaStreamCreateWithFlags(&stream_, cudaStreamNonBlocking), "cudaStreamCreate");
      check(cudaEventCreate(&start_), "cudaEventCreate");
      check(cudaEventCreate(&stop_), "cudaEventCreate");
      flush_bytes_ = crucible::l2_flush_bytes(static_cast<std::size_t>(prop_.l2CacheSize));
      check(cudaMalloc(&flush_, flush_bytes_), "cudaMalloc (L2 flush buffer)");
      void* hold = nullptr;
      if (cudaHostAlloc(&hold, sizeof(HoldFlags), cudaHostAllocMapped) == cudaSuccess) {
        hold_ = static_cast<HoldFlags*>(hold);
        void* device_hold = nullptr;
        if (cudaHostGetDevicePointer(&device_hold, hold, 0) == cudaSuccess) {
          device_hold_ = static_cast<HoldFlags*>(device_hold);
        } else {
          hold_off_ = "off: cudaHostGetDevicePointer failed for the hold flag";
        }
      } else {
        hold_off_ = "off: no mapped host memory for the hold flag";
      }
      cudaGetLastError();  // the hold is optional: its failure is not the next call's error
    } catch (...) {
      release();  // a throwing constructor runs no destructor
      throw;
    }
    char bus[32] = {};
    if (cudaDeviceGetPCIBusId(bus, sizeof bus, device_) != cudaSuccess) bus[0] = 0;
    nvml_ = std::make_unique<NvmlClocks>(bus);
  }
  ~CudaSession() override { release(); }

  void* stream() override { return stream_; }
  std::string uuid() const override { return format_uuid(prop_.uuid); }
  std::size_t l2_flush_bytes() const override { return flush_bytes_; }

  nlohmann::json device_json() const override {
    int driver = 0, runtime = 0;
    cudaDriverGetVersion(&driver);
    cudaRuntimeGetVersion(&runtime);
    nlohmann::json j = {{"index", device_},
                        {"name", prop_.name},
                        {"uuid", uuid()},
                        {"compute_capability", std::to_string(prop_.major) + "." + std::to_string(prop_.minor)},
                        {"sms", prop_.multiProcessorCount},
                        {"l2_bytes", prop_.l2CacheSize},
                        {"l2_flush_bytes", flush_bytes_},
                        {"cuda_driver", driver},
                        {"cuda_runtime", runtime}};
    if (nvml_->available()) {
      j["nvml"] = {{"driver", nvml_->driver_version()},
                   {"reference_sm_mhz", nvml_->reference_sm_clock_mhz()},
                   {"max_sm_mhz", nvml_->max_sm_clock_mhz()}};
    } else {
      j["nvml"] = nvml_->absent_reason();
    }
    return j;
  }

  double time_runs(const std::function<void()>& enqueue, const RunTiming& timing) override {
    // Hot batches need no hold (their launches overlap the runs before them), and one would
    // stall them: a batch can hold more launches than the GPU queues.
    const std::size_t batch = timing.batch;
    const bool flush_l2 = timing.flush_l2;
    const bool hold = flush_l2 && timing.hold_launch && hold_off_.empty();
    if (hold) {
      hold_->release = 0;
      hold_->timed_out = 0;
      check(hold_stream(&device_hold_->release, &device_hold_->timed_out, kHoldTimeoutNs, stream_), "hold kernel");
    }
    {
      // Released on every path: a run that throws must not leave the stream held.
      struct Release {
        HoldFlags* flags;
        ~Release() {
          if (flags) __atomic_store_n(&flags->release, 1, __ATOMIC_RELEASE);
        }
      } release{hold ? hold_ : nullptr};
      if (flush_l2) check(cudaMemsetAsync(flush_, ++flush_value_ & 0xff, flush_bytes_, stream_), "L2 flush memset");
      check(cudaEventRecord(start_, stream_), "cudaEventRecord");
      for (std::size_t i = 0; i < batch; ++i) enqueue();
      check(cudaEventRecord(stop_, stream_), "cudaEventRecord");
    }
    const double seconds = elapsed(batch);
    if (hold && __atomic_load_n(&hold_->timed_out, __ATOMIC_ACQUIRE)) {
      hold_off_ = "off: the hold timed out (run() waited on the GPU while enqueueing, or enqueued more launches than "
                  "the GPU queues); cold samples include the run's launch time";
    }
    return seconds;
  }
  std::string launch_hold() const override { return hold_off_.empty() ? "held" : hold_off_; }

  // A variant that breaks capture (a sync, a pageable copy, work on another stream) loses
  // only its graph mode: the reason is returned and the stream is usable again.
  bool capture_graph(const std::function<void()>& enqueue, std::string* why) override {
    check(cudaStreamSynchronize(stream_), "cudaStreamSynchronize");
    destroy_graph();
    std::string failure;
    cudaError_t status = cudaStreamBeginCapture(stream_, cudaStreamCaptureModeThreadLocal);
    if (status == cudaSuccess) {
      try {
        enqueue();
      } catch (const std::exception& e) {
        failure = std::string("run() failed during stream capture: ") + e.what();
      }
      status = cudaStreamEndCapture(stream_, &graph_);
    }
    std::size_t nodes = 0;
    if (failure.empty() && status == cudaSuccess && graph_) status = cudaGraphGetNodes(graph_, nullptr, &nodes);
    if (failure.empty() && status == cudaSuccess && nodes == 0) {
      failure = "the capture recorded no work: run() enqueued nothing on the harness stream";
    }
    if (failure.empty() && status == cudaSuccess) status = cudaGraphInstantiate(&graph_exec_, graph_, 0);
    // Upload and replay once, so that the first timed replay does not pay for either.
    if (failure.empty() && status == cudaSuccess) status = cudaGraphUpload(graph_exec_, stream_);
    if (failure.empty() && status == cudaSuccess) status = cudaGraphLaunch(graph_exec_, stream_);
    if (failure.empty() && status == cudaSuccess) status = cudaStreamSynchronize(stream_);
    if (failure.empty() && status != cudaSuccess) failure = std::string("stream capture failed: ") + cudaGetErrorString(status);
    if (!failure.empty()) {
      cudaGetLastError();  // clear a non-sticky capture error
      destroy_graph();
      if (why) *why = failure;
      return false;
    }
    return true;
  }

  double time_graph(std::size_t batch) override {
    check(cudaEventRecord(start_, stream_), "cudaEventRecord");
    for (std::size_t i = 0; i < batch; ++i) check(cudaGraphLaunch(graph_exec_, stream_), "cudaGraphLaunch");
    check(cudaEventRecord(stop_, stream_), "cudaEventRecord");
    return elapsed(batch);
  }

  void synchronize() override {
    check(cudaStreamSynchronize(stream_), "cudaStreamSynchronize");
    check(cudaGetLastError(), "CUDA error after the run");
  }
  std::optional<ClockReading> clock() const override { return nvml_->read(); }
  ThrottlePolicy throttle_policy() const override {
    ThrottlePolicy policy;
    policy.reference_clock_mhz = nvml_->reference_sm_clock_mhz();
    return policy;
  }
  std::string clock_absent_reason() const override { return nvml_->available() ? "" : nvml_->absent_reason(); }

 private:
  void destroy_graph() {
    if (graph_exec_) cudaGraphExecDestroy(graph_exec_);
    if (graph_) cudaGraphDestroy(graph_);
    graph_exec_ = nullptr;
    graph_ = nullptr;
  }
  void release() {
    destroy_graph();
    if (flush_) cudaFree(flush_);
    if (start_) cudaEventDestroy(start_);
    if (stop_) cudaEventDestroy(stop_);
    if (stream_) cudaStreamDestroy(stream_);
    if (hold_) cudaFreeHost(hold_);
    hold_ = device_hold_ = nullptr;
    flush_ = nullptr;
    start_ = stop_ = nullptr;
    stream_ = nullptr;
  }

  double elapsed(std::size_t batch) {
    check(cudaEventSynchronize(stop_), "cudaEventSynchronize");
    check(cudaGetLastError(), "CUDA error in the timed runs");
    float ms = 0;
    check(cudaEventElapsedTime(&ms, start_, stop_), "cudaEventElapsedTime");
    return static_cast<double>(ms) * 1e-3 / static_cast<double>(batch ? batch : 1);
  }

  // The host-mapped flags of the stream hold (gpu_wait_kernels.cuh); the kernel reads them
  // across PCIe while it spins.
  struct HoldFlags {
    int release;
    int timed_out;
  };
  static constexpr unsigned long long kHoldTimeoutNs = 1'000'000'000;  // far beyond any enqueue

  int device_;
  cudaDeviceProp prop_;
  HoldFlags* hold_ = nullptr;
  HoldFlags* device_hold_ = nullptr;
  std::string hold_off_;
  cudaStream_t stream_ = nullptr;
  cudaEvent_t start_ = nullptr, stop_ = nullptr;
  void* flush_ = nullptr;
  std::size_t flush_bytes_ = 0;
  unsigned flush_value_ = 0;
  cudaGraph_t graph_ = nullptr;
  cudaGraphExec_t graph_exec_ = nullptr;
  std::unique_ptr<NvmlClocks> nvml_;
};

}  // namespace

std::unique_ptr<GpuSession> GpuSession::open(std::string* absent_reason) {
  int count = 0;
  const cudaError_t status = cudaGetDeviceCount(&count);
  if (status != cudaSuccess || count == 0) {
    if (absent_reason) {
      *absent_reason = status != cudaSuccess ? std::string("absent: no CUDA device (") + cudaGetErrorString(status) + ")"
                                             : std::string("absent: no CUDA device");
    }
    return nullptr;
  }
  cudaDeviceProp prop{};
  if (cudaGetDeviceProperties(&prop, 0) != cudaSuccess) {
    if (absent_reason) *absent_reason = "absent: cudaGetDeviceProperties failed";
    return nullptr;
  }
  try {
    return std::make_unique<CudaSession>(0, prop);
  } catch (const std::exception& e) {
    if (absent_reason) *absent_reason = std::string("absent: ") + e.what();
    return nullptr;
  }
}

}  // namespace crucible
