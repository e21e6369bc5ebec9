// CUDA launch code of the `cuda` variant; the arithmetic is in resample_math.hpp and
// patchify.hpp (VL_HD), shared with the CPU.
#include <cuda_runtime.h>

#include <algorithm>
#include <cstring>
#include <stdexcept>
#include <string>
#include <thread>

#include "vl_preproc/cuda_preproc.hpp"
#include "vl_preproc/resample.hpp"
#include "vl_preproc/resample_math.hpp"

namespace vl {
namespace {

void check(cudaError_t e, const char* what) {
  if (e != cudaSuccess) throw std::runtime_error(std::string("vl_preproc cuda: ") + what + ": " + cudaGetErrorString(e));
}

struct DeviceTable {
  const std::int32_t* first;
  const std::int32_t* count;
  const std::int32_t* k;
  int ksize;
};

// One thread per output byte of the horizontal pass.
__global__ void horizontal_kernel(const std::uint8_t* src, int src_width, int row_begin, int rows, int dst_width,
                                  DeviceTable h, std::uint8_t* tmp) {
  const std::int64_t i = blockIdx.x * static_cast<std::int64_t>(blockDim.x) + threadIdx.x;
  const std::int64_t total = static_cast<std::int64_t>(rows) * dst_width * 3;
  if (i >= total) return;
  const int c = static_cast<int>(i % 3);
  const int x = static_cast<int>((i / 3) % dst_width);
  const int y = static_cast<int>(i / (3 * static_cast<std::int64_t>(dst_width)));
  const std::uint8_t* row = src + (static_cast<std::int64_t>(row_begin) + y) * src_width * 3;
  tmp[i] = horizontal_sample(row, h.first[x], h.count[x], h.k + static_cast<std::int64_t>(x) * h.ksize, c);
}

// One thread per output sample (y, x, c): vertical pass (or a plain read when the height does
// not change), normalize table, then every temporal copy written to its patch position.
__global__ void vertical_patch_kernel(const std::uint8_t* in, int width, int height, bool vertical, DeviceTable v,
                                      const float* table, PatchGeometry g, float* out) {
  const std::int64_t i = blockIdx.x * static_cast<std::int64_t>(blockDim.x) + threadIdx.x;
  const std::int64_t stride = static_cast<std::int64_t>(width) * 3;
  if (i >= stride * height) return;
  const int c = static_cast<int>(i % 3);
  const int x = static_cast<int>((i / 3) % width);
  const int y = static_cast<int>(i / stride);
  const std::int64_t offset = static_cast<std::int64_t>(x) * 3 + c;
  const std::uint8_t value = vertical ? vertical_sample(in, stride, v.first[y], v.count[y],
                                                        v.k + static_cast<std::int64_t>(y) * v.ksize, offset)
                                      : in[static_cast<std::int64_t>(y) * stride + offset];
  const float f = table[c * 256 + value];
  for (int tt = 0; tt < g.temporal; ++tt) out[patch_element(g, y, x, c, tt)] = f;
}

// Pillow 13's vertical-first order: the vertical pass into a uint8 intermediate (src_width
// wide), then the horizontal pass fused with the table and the patch scatter.
__global__ void vertical_kernel(const std::uint8_t* src, int width, int rows, DeviceTable v, std::uint8_t* tmp) {
  const std::int64_t i = blockIdx.x * static_cast<std::int64_t>(blockDim.x) + threadIdx.x;
  const std::int64_t stride = static_cast<std::int64_t>(width) * 3;
  if (i >= stride * rows) return;
  const int y = static_cast<int>(i / stride);
  tmp[i] = vertical_sample(src, stride, v.first[y], v.count[y], v.k + static_cast<std::int64_t>(y) * v.ksize, i % stride);
}

__global__ void horizontal_patch_kernel(const std::uint8_t* in, int in_width, int width, int height, DeviceTable h,
                                        const float* table, PatchGeometry g, float* out) {
  const std::int64_t i = blockIdx.x * static_cast<std::int64_t>(blockDim.x) + threadIdx.x;
  const std::int64_t stride = static_cast<std::int64_t>(width) * 3;
  if (i >= stride * height) return;
  const int c = static_cast<int>(i % 3);
  const int x = static_cast<int>((i / 3) % width);
  const int y = static_cast<int>(i / stride);
  const std::uint8_t* row = in + static_cast<std::int64_t>(y) * in_width * 3;
  const std::uint8_t value = horizontal_sample(row, h.first[x], h.count[x], h.k + static_cast<std::int64_t>(x) * h.ksize, c);
  const float f = table[c * 256 + value];
  for (int tt = 0; tt < g.temporal; ++tt) out[patch_element(g, y, x, c, tt)] = f;
}

template <class T>
struct DeviceBuffer {
  T* ptr = nullptr;
  std::size_t n = 0;
  void reserve(std::size_t count) {
    if (count <= n) return;
    if (ptr) cudaFree(ptr);
    ptr = nullptr;
    check(cudaMalloc(&ptr, std::max<std::size_t>(count, 1) * sizeof(T)), "cudaMalloc");
    n = count;
  }
  ~DeviceBuffer() {
    if (ptr) cudaFree(ptr);
  }
};

template <class T>
struct PinnedBuffer {
  T* ptr = nullptr;
  std::size_t n = 0;
  void reserve(std::size_t count) {
    if (count <= n) return;
    if (ptr) cudaFreeHost(ptr);
    ptr = nullptr;
    check(cudaMallocHost(&ptr, std::max<std::size_t>(count, 1) * sizeof(T)), "cudaMallocHost");
    n = count;
  }
  ~PinnedBuffer() {
    if (ptr) cudaFreeHost(ptr);
  }
};

// Everything one in-flight image needs on one stream.
struct Lane {
  cudaStream_t stream = nullptr;
  PinnedBuffer<std::uint8_t> host_src;
  PinnedBuffer<std::int32_t> host_tables;
  PinnedBuffer<float> host_out;
  DeviceBuffer<std::uint8_t> src, tmp;
  DeviceBuffer<std::int32_t> tables;
  DeviceBuffer<float> out;
  std::size_t pending = static_cast<std::size_t>(-1);  // result index waiting for this lane
};

}  // namespace

struct CudaPreprocessor::Impl {
  PreprocessOptions options;
  NormalizeTable table;
  DeviceBuffer<float> device_table;
  std::vector<Lane> lanes;
  ~Impl() {
    for (auto& l : lanes) {
      if (l.stream) cudaStreamDestroy(l.stream);
    }
  }
};

bool cuda_available(std::string* reason) {
  int n = 0;
  const cudaError_t e = cudaGetDeviceCount(&n);
  if (e != cudaSuccess || n == 0) {
    if (reason) *reason = e != cudaSuccess ? std::string("no CUDA device: ") + cudaGetErrorString(e) : "no CUDA device";
    return false;
  }
  return true;
}

CudaPreprocessor::CudaPreprocessor() : impl_(std::make_unique<Impl>()) {}
CudaPreprocessor::~CudaPreprocessor() = default;

std::unique_ptr<CudaPreprocessor> CudaPreprocessor::create(const PreprocessOptions& options, int streams,
                                                           std::string* error) {
  if (!cuda_available(error)) return nullptr;
  std::unique_ptr<CudaPreprocessor> p(new CudaPreprocessor());
  try {
    p->impl_->options = options;
    p->impl_->table = make_normalize_table(options.config);
    p->impl_->device_table.reserve(3 * 256);
    check(cudaMemcpy(p->impl_->device_table.ptr, p->impl_->table.value.data(), 3 * 256 * sizeof(float),
                     cudaMemcpyHostToDevice),
          "upload normalize table");
    p->impl_->lanes.resize(static_cast<std::size_t>(std::max(2, streams)));
    for (auto& l : p->impl_->lanes) check(cudaStreamCreateWithFlags(&l.stream, cudaStreamNonBlocking), "stream");
  } catch (const std::exception& e) {
    if (error) *error = e.what();
    return nullptr;
  }
  return p;
}

std::vector<ImageResult> CudaPreprocessor::run(std::span<const File> files, unsigned cpu_threads) {
  Impl& s = *impl_;
  std::vector<ImageResult> results(files.size());
  // Decode on CPU threads first (the device work of image i overlaps decoding of later ones
  // only across calls; within one call the lanes overlap copies with kernels).
  std::vector<RgbImage> decoded(files.size());
  {
    const unsigned t = std::max(1u, cpu_threads);
    std::vector<std::thread> pool;
    for (unsigned w = 0; w < t; ++w) {
      pool.emplace_back([&, w] {
        for (std::size_t i = w; i < files.size(); i += t) {
          try {
            decoded[i] = decode_image(files[i], s.options.alpha, s.options.limits);
            results[i].source_width = decoded[i].width;
            results[i].source_height = decoded[i].height;
            const ModelConfig& c = s.options.config;
            results[i].resized =
                smart_resize(decoded[i].height, decoded[i].width, c.factor(), c.min_pixels, c.max_pixels);
          } catch (const std::exception& e) {
            results[i] = ImageResult{};
            results[i].error = e.what();
          }
        }
      });
    }
    for (auto& th : pool) th.join();
  }

  auto finish = [&](Lane& l) {
    if (l.pending == static_cast<std::size_t>(-1)) return;
    check(cudaStreamSynchronize(l.stream), "synchronize");
    ImageResult& r = results[l.pending];
    std::memcpy(r.pixel_values.data(), l.host_out.ptr, r.pixel_values.size() * sizeof(float));
    l.pending = static_cast<std::size_t>(-1);
  };

  std::size_t lane_index = 0;
  for (std::size_t i = 0; i < files.size(); ++i) {
    ImageResult& r = results[i];
    if (!r.ok()) continue;
    Lane& l = s.lanes[lane_index];
    lane_index = (lane_index + 1) % s.lanes.size();
    finish(l);  // the lane's previous image, before its buffers are reused
    const RgbImage& src = decoded[i];
    const ResizePlan plan = make_resize_plan(src.width, src.height, r.resized.width, r.resized.height);
    const PatchGeometry g = patch_geometry(s.options.config, r.resized.height, r.resized.width);
    r.grid = GridThw{1, g.grid_h, g.grid_w};
    const std::size_t out_count = static_cast<std::size_t>(r.grid.rows()) * static_cast<std::size_t>(g.row_width());
    r.pixel_values.resize(out_count);

    // Tables: h.first, h.count, h.k, v.first, v.count, v.k, one upload.
    const std::size_t hn = plan.h.first.size(), hk = plan.h.k.size(), vn = plan.v.first.size(), vk = plan.v.k.size();
    const std::size_t table_count = 2 * hn + hk + 2 * vn + vk;
    l.host_tables.reserve(table_count);
    std::int32_t* t = l.host_tables.ptr;
    std::copy(plan.h.first.begin(), plan.h.first.end(), t);
    std::copy(plan.h.count.begin(), plan.h.count.end(), t + hn);
    std::copy(plan.h.k.begin(), plan.h.k.end(), t + 2 * hn);
    std::copy(plan.v.first.begin(), plan.v.first.end(), t + 2 * hn + hk);
    std::copy(plan.v.count.begin(), plan.v.count.end(), t + 2 * hn + hk + vn);
    std::copy(plan.v.k.begin(), plan.v.k.end(), t + 2 * hn + hk + 2 * vn);
    l.tables.reserve(table_count);
    l.host_src.reserve(src.pixels.size());
    std::memcpy(l.host_src.ptr, src.pixels.data(), src.pixels.size());
    l.src.reserve(src.pixels.size());
    l.out.reserve(out_count);
    l.host_out.reserve(out_count);
    check(cudaMemcpyAsync(l.tables.ptr, t, table_count * sizeof(std::int32_t), cudaMemcpyHostToDevice, l.stream), "h2d");
    check(cudaMemcpyAsync(l.src.ptr, l.host_src.ptr, src.pixels.size(), cudaMemcpyHostToDevice, l.stream), "h2d");
    const std::int32_t* d = l.tables.ptr;
    const DeviceTable h{d, d + hn, d + 2 * hn, plan.h.ksize};
    const DeviceTable v{d + 2 * hn + hk, d + 2 * hn + hk + vn, d + 2 * hn + hk + 2 * vn, plan.v.ksize};
    const std::uint8_t* vin = l.src.ptr;
    constexpr int kBlock = 256;
    if (plan.vertical_first && plan.horizontal) {
      const std::int64_t inter = static_cast<std::int64_t>(plan.src_width) * plan.dst_height * 3;
      l.tmp.reserve(static_cast<std::size_t>(inter));
      vertical_kernel<<<static_cast<unsigned>((inter + kBlock - 1) / kBlock), kBlock, 0, l.stream>>>(
          l.src.ptr, plan.src_width, plan.dst_height, v, l.tmp.ptr);
      check(cudaGetLastError(), "vertical kernel");
      const std::int64_t samples = static_cast<std::int64_t>(plan.dst_width) * plan.dst_height * 3;
      horizontal_patch_kernel<<<static_cast<unsigned>((samples + kBlock - 1) / kBlock), kBlock, 0, l.stream>>>(
          l.tmp.ptr, plan.src_width, plan.dst_width, plan.dst_height, h, s.device_table.ptr, g, l.out.ptr);
      check(cudaGetLastError(), "horizontal kernel");
      check(cudaMemcpyAsync(l.host_out.ptr, l.out.ptr, out_count * sizeof(float), cudaMemcpyDeviceToHost, l.stream),
            "d2h");
      l.pending = i;
      continue;
    }
    if (plan.horizontal) {
      const int rows = plan.row_end - plan.row_begin;
      const std::int64_t total = static_cast<std::int64_t>(rows) * plan.dst_width * 3;
      l.tmp.reserve(static_cast<std::size_t>(total));
      horizontal_kernel<<<static_cast<unsigned>((total + kBlock - 1) / kBlock), kBlock, 0, l.stream>>>(
          l.src.ptr, plan.src_width, plan.row_begin, rows, plan.dst_width, h, l.tmp.ptr);
      check(cudaGetLastError(), "horizontal kernel");
      vin = l.tmp.ptr;
    }
    const std::int64_t samples = static_cast<std::int64_t>(plan.dst_width) * plan.dst_height * 3;
    vertical_patch_kernel<<<static_cast<unsigned>((samples + kBlock - 1) / kBlock), kBlock, 0, l.stream>>>(
        vin, plan.dst_width, plan.dst_height, plan.vertical, v, s.device_table.ptr, g, l.out.ptr);
    check(cudaGetLastError(), "vertical kernel");
    check(cudaMemcpyAsync(l.host_out.ptr, l.out.ptr, out_count * sizeof(float), cudaMemcpyDeviceToHost, l.stream), "d2h");
    l.pending = i;
  }
  for (auto& l : s.lanes) finish(l);
  return results;
}

}  // namespace vl
