// Built with CUDA: device properties and measured peaks (copies, launch latency, cuBLAS GEMM).
#include <cublasLt.h>
#include <cublas_v2.h>
#include <cuda_runtime_api.h>
#include <dlfcn.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <initializer_list>
#include <stdexcept>
#include <string>
#include <vector>

#include "capability/cuda_runtime_text.hpp"
#include "capability/gpu_profile.hpp"
#include "capability/gpu_profile_kernels.cuh"
#include "timing/adaptive_sampler.hpp"
#include "timing/gpu_wait_kernels.cuh"

namespace crucible {

namespace {

int attribute(cudaDeviceAttr attr, int device) {
  int value = 0;
  if (cudaDeviceGetAttribute(&value, attr, device) != cudaSuccess) return 0;
  return value;
}

// Device buffer, pinned host buffer, stream and events released on scope exit.
struct DeviceBuffer {
  void* ptr = nullptr;
  explicit DeviceBuffer(std::size_t bytes) { check(cudaMalloc(&ptr, bytes), "cudaMalloc"); }
  ~DeviceBuffer() { cudaFree(ptr); }
  DeviceBuffer(const DeviceBuffer&) = delete;
  DeviceBuffer& operator=(const DeviceBuffer&) = delete;
};
struct HostBuffer {
  void* ptr = nullptr;
  explicit HostBuffer(std::size_t bytes) { check(cudaMallocHost(&ptr, bytes), "cudaMallocHost"); }
  ~HostBuffer() { cudaFreeHost(ptr); }
  HostBuffer(const HostBuffer&) = delete;
  HostBuffer& operator=(const HostBuffer&) = delete;
};
struct Stream {
  cudaStream_t handle = nullptr;
  Stream() { check(cudaStreamCreateWithFlags(&handle, cudaStreamNonBlocking), "cudaStreamCreate"); }
  ~Stream() { cudaStreamDestroy(handle); }
  Stream(const Stream&) = delete;
  Stream& operator=(const Stream&) = delete;
};
struct Events {
  cudaEvent_t start = nullptr, stop = nullptr;
  Events() {
    check(cudaEventCreate(&start), "cudaEventCreate");
    check(cudaEventCreate(&stop), "cudaEventCreate");
  }
  ~Events() {
    cudaEventDestroy(start);
    cudaEventDestroy(stop);
  }
  Events(const Events&) = delete;
  Events& operator=(const Events&) = delete;
  // Runs body() until it has kept the GPU busy for `seconds`, so that the clocks have left
  // idle and caches, TLBs and cuBLAS's kernel choice are settled before anything is timed.
  template <class Body>
  void warm_up(cudaStream_t stream, double seconds, Body&& body) {
    double spent = 0;
    for (int r = 0; r < 10000 && spent < seconds; ++r) spent += median_seconds(stream, 1, body);
  }
  // Median seconds of `reps` timings of body() between the events; before(r), if given, is
  // enqueued ahead of each timing, outside it (e.g. an L2 flush).
  template <class Body, class Before = void (*)(int)>
  double median_seconds(cudaStream_t stream, int reps, Body&& body, Before&& before = [](int) {}) {
    std::vector<double> times;
    for (int r = 0; r < reps; ++r) {
      before(r);
      check(cudaEventRecord(start, stream), "cudaEventRecord");
      body();
      check(cudaEventRecord(stop, stream), "cudaEventRecord");
      check(cudaEventSynchronize(stop), "cudaEventSynchronize");
      float ms = 0;
      check(cudaEventElapsedTime(&ms, start, stop), "cudaEventElapsedTime");
      times.push_back(ms * 1e-3);
    }
    std::sort(times.begin(), times.end());
    return times[times.size() / 2];
  }
};

nlohmann::json measure_copies(cudaStream_t stream, bool quick) {
  nlohmann::json j;
  Events ev;
  const std::size_t d2d_bytes = quick ? (std::size_t{64} << 20) : (std::size_t{1} << 30);
  {
    DeviceBuffer a(d2d_bytes), b(d2d_bytes);
    check(cudaMemsetAsync(a.ptr, 1, d2d_bytes, stream), "cudaMemset");
    // Four copies per timing: the gap before the first launch is shared by all four.
    constexpr int kCopies = 4;
    auto copies = [&] {
      for (int c = 0; c < kCopies; ++c) {
        check(cudaMemcpyAsync(b.ptr, a.ptr, d2d_bytes, cudaMemcpyDeviceToDevice, stream), "memcpy");
      }
    };
    ev.warm_up(stream, quick ? 0.02 : 0.2, copies);
    const double s = ev.median_seconds(stream, quick ? 5 : 20, copies) / kCopies;
    j["d2d_bytes_per_s"] = 2.0 * static_cast<double>(d2d_bytes) / s;  // read + write
    j["d2d_buffer_bytes"] = d2d_bytes;
  }
  const std::size_t host_bytes = quick ? (std::size_t{16} << 20) : (std::size_t{256} << 20);
  {
    HostBuffer host(host_bytes);
    DeviceBuffer device(host_bytes);
    std::fill_n(static_cast<char*>(host.ptr), host_bytes, 1);
    auto h2d = [&] { check(cudaMemcpyAsync(device.ptr, host.ptr, host_bytes, cudaMemcpyHostToDevice, stream), "h2d"); };
    auto d2h = [&] { check(cudaMemcpyAsync(host.ptr, device.ptr, host_bytes, cudaMemcpyDeviceToHost, stream), "d2h"); };
    h2d();
    d2h();
    j["h2d_pinned_bytes_per_s"] = static_cast<double>(host_bytes) / ev.median_seconds(stream, quick ? 3 : 10, h2d);
    j["d2h_pinned_bytes_per_s"] = static_cast<double>(host_bytes) / ev.median_seconds(stream, quick ? 3 : 10, d2h);
    j["host_buffer_bytes"] = host_bytes;
  }
  return j;
}

nlohmann::json measure_launch(cudaStream_t stream, bool quick) {
  check(launch_empty_kernel(stream), "empty kernel");
  check(cudaStreamSynchronize(stream), "cudaStreamSynchronize");
  std::vector<double> round_trips;
  for (int i = 0; i < (quick ? 50 : 500); ++i) {
    const auto start = std::chrono::steady_clock::now();
    check(launch_empty_kernel(stream), "empty kernel");
    check(cudaStreamSynchronize(stream), "cudaStreamSynchronize");
    round_trips.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  std::sort(round_trips.begin(), round_trips.end());
  Events ev;
  const int batch = quick ? 100 : 2000;
  const double back_to_back = ev.median_seconds(stream, 5, [&] {
    for (int i = 0; i < batch; ++i) check(launch_empty_kernel(stream), "empty kernel");
  });
  return {{"launch_sync_latency_s", round_trips[round_trips.size() / 2]},
          {"launch_back_to_back_s", back_to_back / batch}};
}

// Read bandwidth of a kernel that only reads: a buffer of half the L2 read hot (back to back,
// so it is served from L2) and cold (L2 flushed before each read, as the benchmarks' cold mode
// does), and a buffer far larger than L2. The hot/cold ratio is the L2 effect a cold timing
// removes; the large buffer is device-memory read bandwidth.
nlohmann::json measure_reads(cudaStream_t stream, bool quick, std::size_t l2_bytes) {
  const std::size_t resident = (l2_bytes / 2) & ~std::size_t{15};
  const std::size_t large = quick ? (std::size_t{256} << 20) : (std::size_t{2} << 30);
  const std::size_t flush_bytes = l2_flush_bytes(l2_bytes);
  DeviceBuffer data(large), flush(flush_bytes), sum(sizeof(float));
  check(fill_random(data.ptr, large / sizeof(float), 0, 5, stream), "fill");
  auto* floats = static_cast<const float*>(data.ptr);
  auto* total = static_cast<float*>(sum.ptr);
  Events ev;
  const auto read = [&](std::size_t bytes) { check(sum_floats(floats, bytes / sizeof(float), total, stream), "sum"); };
  read(resident);
  const int reps = quick ? 5 : 20;
  // An L2-resident read takes microseconds, as long as a launch: each timing starts behind a
  // busy-wait kernel, so the GPU, not the host's launch, is what the events see, and the hot
  // timing covers a batch of reads back to back.
  constexpr int kHotBatch = 20;
  const auto busy = [&](int) { check(busy_wait(100'000, stream), "busy-wait kernel"); };
  const double hot = ev.median_seconds(stream, reps, [&] {
    for (int i = 0; i < kHotBatch; ++i) read(resident);
  }, busy) / kHotBatch;
  // Cold: the flush (a memset far longer than a launch) is what the read queues behind.
  const double cold = ev.median_seconds(stream, reps, [&] { read(resident); }, [&](int r) {
    check(cudaMemsetAsync(flush.ptr, r & 0xff, flush_bytes, stream), "L2 flush memset");
  });
  read(large);
  const double big = ev.median_seconds(stream, quick ? 3 : 10, [&] { read(large); });
  const auto rate = [](std::size_t bytes, double s) { return static_cast<double>(bytes) / s; };
  return {{"read_l2_resident_bytes", resident},
          {"read_hot_bytes_per_s", rate(resident, hot)},
          {"read_cold_bytes_per_s", rate(resident, cold)},
          {"read_cold_over_hot_time", cold / hot},
          {"read_large_bytes", large},
          {"read_large_bytes_per_s", rate(large, big)}};
}

struct GemmType {
  const char* name;
  cudaDataType_t data;
  cublasComputeType_t compute;
  int fill_dtype;
  std::size_t element_bytes;
};

// Opens a CUDA math library (stem "libcublas" -> libcublas.so.13) from the loader's path, then
// from the toolkit's lib64; on failure sets `absent` to every place tried and why. Never
// closed: the library carries its own runtime state, and unloading it mid-process (or loading
// it twice) costs more than keeping it.
void* open_cuda_library(const std::string& stem, std::string& absent) {
  std::vector<std::string> candidates = {stem + ".so.13", stem + ".so"};
  const std::initializer_list<const char*> roots = {std::getenv("CUDA_HOME"), std::getenv("CUDA_PATH"), "/usr/local/cuda"};
  for (const char* root : roots) {
    if (root && *root) candidates.push_back(std::string(root) + "/lib64/" + stem + ".so.13");
  }
  std::string tried;
  for (const auto& name : candidates) {
    if (void* library = ::dlopen(name.c_str(), RTLD_NOW | RTLD_LOCAL)) return library;
    const char* error = ::dlerror();
    tried += (tried.empty() ? "" : "; ") + std::string(error ? error : name);
  }
  absent = "absent: " + stem + " not loadable (" + tried + ")";
  return nullptr;
}

// cuBLAS through dlopen: linking it would make every crucible process (each worker too) map
// libcublasLt (about 500 MB, 200 MB resident, half a second) for a profile it rarely measures.
// The types come from cublas_v2.h; decltype names the functions without using them.
struct Cublas {
  void* library = nullptr;
  decltype(&cublasCreate_v2) create = nullptr;
  decltype(&cublasDestroy_v2) destroy = nullptr;
  decltype(&cublasSetStream_v2) set_stream = nullptr;
  // cublasGemmEx is overloaded in C++ (an inline legacy form): the C signature, spelled out.
  cublasStatus_t (*gemm)(cublasHandle_t, cublasOperation_t, cublasOperation_t, int, int, int, const void*, const void*,
                         cudaDataType, int, const void*, cudaDataType, int, const void*, void*, cudaDataType, int,
                         cublasComputeType_t, cublasGemmAlgo_t) = nullptr;
  decltype(&cublasGetStatusString) status_string = nullptr;
  std::string absent;

  Cublas() {
    library = open_cuda_library("libcublas", absent);
    if (!library) return;
    create = reinterpret_cast<decltype(create)>(::dlsym(library, "cublasCreate_v2"));
    destroy = reinterpret_cast<decltype(destroy)>(::dlsym(library, "cublasDestroy_v2"));
    set_stream = reinterpret_cast<decltype(set_stream)>(::dlsym(library, "cublasSetStream_v2"));
    gemm = reinterpret_cast<decltype(gemm)>(::dlsym(library, "cublasGemmEx"));
    status_string = reinterpret_cast<decltype(status_string)>(::dlsym(library, "cublasGetStatusString"));
    if (!create || !destroy || !set_stream || !gemm || !status_string) absent = "absent: cuBLAS lacks cublasGemmEx";
  }
};

nlohmann::json measure_gemm(cudaStream_t stream, bool quick) {
  nlohmann::json j = nlohmann::json::object();
  static const Cublas cublas;
  if (!cublas.absent.empty()) {
    j["absent"] = cublas.absent;
    return j;
  }
  cublasHandle_t handle = nullptr;
  if (cublas.create(&handle) != CUBLAS_STATUS_SUCCESS) {
    j["absent"] = "absent: cublasCreate failed";
    return j;
  }
  if (const auto status = cublas.set_stream(handle, stream); status != CUBLAS_STATUS_SUCCESS) {
    cublas.destroy(handle);
    j["absent"] = std::string("absent: cublasSetStream failed (") + cublas.status_string(status) + ")";
    return j;
  }
  const int n = quick ? 1024 : 8192;
  const GemmType types[] = {{"fp32", CUDA_R_32F, CUBLAS_COMPUTE_32F, 0, 4},
                            {"tf32", CUDA_R_32F, CUBLAS_COMPUTE_32F_FAST_TF32, 0, 4},
                            {"fp16", CUDA_R_16F, CUBLAS_COMPUTE_32F, 1, 2},
                            {"bf16", CUDA_R_16BF, CUBLAS_COMPUTE_32F, 2, 2}};
  Events ev;
  for (const auto& t : types) {
    try {
      const std::size_t elements = static_cast<std::size_t>(n) * n;
      DeviceBuffer a(elements * t.element_bytes), b(elements * t.element_bytes), c(elements * t.element_bytes);
      check(fill_random(a.ptr, elements, t.fill_dtype, 1, stream), "fill");
      check(fill_random(b.ptr, elements, t.fill_dtype, 2, stream), "fill");
      const float alpha = 1.0f, beta = 0.0f;
      cublasStatus_t status = CUBLAS_STATUS_SUCCESS;
      auto gemm = [&] {
        status = cublas.gemm(handle, CUBLAS_OP_N, CUBLAS_OP_N, n, n, n, &alpha, a.ptr, t.data, n, b.ptr, t.data, n,
                              &beta, c.ptr, t.data, n, t.compute, CUBLAS_GEMM_DEFAULT);
      };
      gemm();
      if (status == CUBLAS_STATUS_SUCCESS) ev.warm_up(stream, quick ? 0.02 : 0.2, gemm);
      const double s = status == CUBLAS_STATUS_SUCCESS ? ev.median_seconds(stream, quick ? 5 : 20, gemm) : 0;
      if (status != CUBLAS_STATUS_SUCCESS) {
        j[t.name] = {{"absent", std::string("absent: cublasGemmEx failed (") + cublas.status_string(status) + ")"}};
        continue;
      }
      j[t.name] = {{"flops", 2.0 * n * static_cast<double>(n) * n / s}, {"n", n}};
    } catch (const std::exception& e) {
      j[t.name] = {{"absent", std::string("absent: ") + e.what()}};
    }
  }
  cublas.destroy(handle);
  return j;
}

// FP8 (e4m3 x e4m3 -> bf16, fp32 accumulate) through cublasLt, also loaded with dlopen. FP8
// needs the "TN" layout (A transposed) and compute capability 8.9 or newer.
struct CublasLt {
  void* library = nullptr;
  decltype(&cublasLtCreate) create = nullptr;
  decltype(&cublasLtDestroy) destroy = nullptr;
  decltype(&cublasLtMatmulDescCreate) desc_create = nullptr;
  decltype(&cublasLtMatmulDescDestroy) desc_destroy = nullptr;
  decltype(&cublasLtMatmulDescSetAttribute) desc_set = nullptr;
  decltype(&cublasLtMatrixLayoutCreate) layout_create = nullptr;
  decltype(&cublasLtMatrixLayoutDestroy) layout_destroy = nullptr;
  decltype(&cublasLtMatmulPreferenceCreate) pref_create = nullptr;
  decltype(&cublasLtMatmulPreferenceDestroy) pref_destroy = nullptr;
  decltype(&cublasLtMatmulPreferenceSetAttribute) pref_set = nullptr;
  decltype(&cublasLtMatmulAlgoGetHeuristic) heuristic = nullptr;
  decltype(&cublasLtMatmul) matmul = nullptr;
  std::string absent;

  template <class Fn>
  void load(Fn& fn, const char* name) {
    fn = reinterpret_cast<Fn>(::dlsym(library, name));
    if (!fn) absent = std::string("absent: cublasLt lacks ") + name;
  }
  CublasLt() {
    library = open_cuda_library("libcublasLt", absent);
    if (!library) return;
    load(create, "cublasLtCreate");
    load(destroy, "cublasLtDestroy");
    load(desc_create, "cublasLtMatmulDescCreate");
    load(desc_destroy, "cublasLtMatmulDescDestroy");
    load(desc_set, "cublasLtMatmulDescSetAttribute");
    load(layout_create, "cublasLtMatrixLayoutCreate");
    load(layout_destroy, "cublasLtMatrixLayoutDestroy");
    load(pref_create, "cublasLtMatmulPreferenceCreate");
    load(pref_destroy, "cublasLtMatmulPreferenceDestroy");
    load(pref_set, "cublasLtMatmulPreferenceSetAttribute");
    load(heuristic, "cublasLtMatmulAlgoGetHeuristic");
    load(matmul, "cublasLtMatmul");
  }
};

nlohmann::json measure_fp8_gemm(cudaStream_t stream, bool quick, int cc_major, int cc_minor) {
  if (cc_major * 10 + cc_minor < 89) {
    return {{"absent", "absent: fp8 GEMM needs compute capability 8.9 or newer"}};
  }
  static const CublasLt lt;
  if (!lt.absent.empty()) return {{"absent", lt.absent}};
  const int n = quick ? 1024 : 8192;
  const std::size_t elements = static_cast<std::size_t>(n) * n;
  const std::size_t workspace_bytes = std::size_t{32} << 20;
  cublasLtHandle_t handle = nullptr;
  cublasLtMatmulDesc_t desc = nullptr;
  cublasLtMatrixLayout_t a_layout = nullptr, b_layout = nullptr, c_layout = nullptr;
  cublasLtMatmulPreference_t pref = nullptr;
  nlohmann::json result;
  const auto fail = [&](const char* what, cublasStatus_t status) {
    result = {{"absent", std::string("absent: ") + what + " failed (status " + std::to_string(static_cast<int>(status)) + ")"}};
  };
  try {
    DeviceBuffer a(elements), b(elements), c(elements * 2), workspace(workspace_bytes);
    check(fill_random(a.ptr, elements, 3, 11, stream), "fill");
    check(fill_random(b.ptr, elements, 3, 12, stream), "fill");
    cublasStatus_t status = lt.create(&handle);
    if (status != CUBLAS_STATUS_SUCCESS) {
      fail("cublasLtCreate", status);
      return result;
    }
    const cublasOperation_t transpose = CUBLAS_OP_T, keep = CUBLAS_OP_N;
    const cublasComputeType_t compute = CUBLAS_COMPUTE_32F;
    const cudaDataType_t scale = CUDA_R_32F;
    if ((status = lt.desc_create(&desc, compute, scale)) != CUBLAS_STATUS_SUCCESS) {
      fail("cublasLtMatmulDescCreate", status);
    } else if ((status = lt.desc_set(desc, CUBLASLT_MATMUL_DESC_TRANSA, &transpose, sizeof transpose)) !=
                   CUBLAS_STATUS_SUCCESS ||
               (status = lt.desc_set(desc, CUBLASLT_MATMUL_DESC_TRANSB, &keep, sizeof keep)) != CUBLAS_STATUS_SUCCESS) {
      fail("cublasLtMatmulDescSetAttribute", status);
    } else if ((status = lt.layout_create(&a_layout, CUDA_R_8F_E4M3, n, n, n)) != CUBLAS_STATUS_SUCCESS ||
               (status = lt.layout_create(&b_layout, CUDA_R_8F_E4M3, n, n, n)) != CUBLAS_STATUS_SUCCESS ||
               (status = lt.layout_create(&c_layout, CUDA_R_16BF, n, n, n)) != CUBLAS_STATUS_SUCCESS) {
      fail("cublasLtMatrixLayoutCreate", status);
    } else if ((status = lt.pref_create(&pref)) != CUBLAS_STATUS_SUCCESS ||
               (status = lt.pref_set(pref, CUBLASLT_MATMUL_PREF_MAX_WORKSPACE_BYTES, &workspace_bytes,
                                     sizeof workspace_bytes)) != CUBLAS_STATUS_SUCCESS) {
      fail("cublasLtMatmulPreference", status);
    } else {
      cublasLtMatmulHeuristicResult_t heuristic{};
      int found = 0;
      status = lt.heuristic(handle, desc, a_layout, b_layout, c_layout, c_layout, pref, 1, &heuristic, &found);
      if (status != CUBLAS_STATUS_SUCCESS) {
        fail("cublasLtMatmulAlgoGetHeuristic", status);
      } else if (found == 0) {
        result = {{"absent", "absent: cublasLt has no fp8 (e4m3 x e4m3 -> bf16) algorithm on this device"}};
      } else {
        const float alpha = 1.0f, beta = 0.0f;
        auto gemm = [&] {
          status = lt.matmul(handle, desc, &alpha, a.ptr, a_layout, b.ptr, b_layout, &beta, c.ptr, c_layout, c.ptr,
                             c_layout, &heuristic.algo, workspace.ptr, workspace_bytes, stream);
        };
        Events ev;
        gemm();
        if (status == CUBLAS_STATUS_SUCCESS) ev.warm_up(stream, quick ? 0.02 : 0.2, gemm);
        const double s = status == CUBLAS_STATUS_SUCCESS ? ev.median_seconds(stream, quick ? 5 : 20, gemm) : 0;
        if (status != CUBLAS_STATUS_SUCCESS) {
          fail("cublasLtMatmul", status);
        } else {
          result = {{"flops", 2.0 * n * static_cast<double>(n) * n / s}, {"n", n}, {"types", "e4m3 x e4m3 -> bf16"}};
        }
      }
    }
  } catch (const std::exception& e) {
    result = {{"absent", std::string("absent: ") + e.what()}};
  }
  if (pref) lt.pref_destroy(pref);
  if (c_layout) lt.layout_destroy(c_layout);
  if (b_layout) lt.layout_destroy(b_layout);
  if (a_layout) lt.layout_destroy(a_layout);
  if (desc) lt.desc_destroy(desc);
  if (handle) lt.destroy(handle);
  return result;
}

}  // namespace

nlohmann::json gpu_identity_json() {
  nlohmann::json out = nlohmann::json::array();
  int count = 0;
  if (cudaGetDeviceCount(&count) != cudaSuccess) return out;
  int driver = 0;
  cudaDriverGetVersion(&driver);
  for (int d = 0; d < count; ++d) {
    cudaDeviceProp prop{};
    if (cudaGetDeviceProperties(&prop, d) != cudaSuccess) continue;
    out.push_back({{"uuid", format_uuid(prop.uuid)}, {"name", prop.name}, {"driver", driver}});
  }
  return out;
}

nlohmann::json gpu_profile_json(bool quick) {
  int count = 0;
  const cudaError_t status = cudaGetDeviceCount(&count);
  if (status != cudaSuccess || count == 0) {
    return {{"absent", status != cudaSuccess ? std::string("absent: no CUDA device (") + cudaGetErrorString(status) + ")"
                                             : std::string("absent: no CUDA device")}};
  }
  int driver = 0, runtime = 0;
  cudaDriverGetVersion(&driver);
  cudaRuntimeGetVersion(&runtime);
  nlohmann::json devices = nlohmann::json::array();
  for (int d = 0; d < count; ++d) {
    cudaDeviceProp prop{};
    nlohmann::json dev;
    try {
      check(cudaSetDevice(d), "cudaSetDevice");
      check(cudaGetDeviceProperties(&prop, d), "cudaGetDeviceProperties");
      dev = {{"index", d},
             {"name", prop.name},
             {"uuid", format_uuid(prop.uuid)},
             {"compute_capability", std::to_string(prop.major) + "." + std::to_string(prop.minor)},
             {"sms", prop.multiProcessorCount},
             {"memory_bytes", prop.totalGlobalMem},
             {"l2_bytes", prop.l2CacheSize},
             {"sm_clock_khz", attribute(cudaDevAttrClockRate, d)},
             {"memory_clock_khz", attribute(cudaDevAttrMemoryClockRate, d)},
             {"memory_bus_bits", attribute(cudaDevAttrGlobalMemoryBusWidth, d)},
             {"cuda_driver", driver},
             {"cuda_runtime", runtime}};
      const Stream stream;
      nlohmann::json measured = measure_copies(stream.handle, quick);
      measured.update(measure_launch(stream.handle, quick));
      measured["reads"] = measure_reads(stream.handle, quick, static_cast<std::size_t>(prop.l2CacheSize));
      measured["gemm"] = measure_gemm(stream.handle, quick);
      measured["gemm"]["fp8"] = measure_fp8_gemm(stream.handle, quick, prop.major, prop.minor);
      measured["quick"] = quick;
      dev["measured"] = measured;
    } catch (const std::exception& e) {
      dev["error"] = e.what();
    }
    devices.push_back(dev);
  }
  return {{"devices", devices}};
}

}  // namespace crucible
