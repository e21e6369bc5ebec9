#include "vl_preproc/pipeline.hpp"

#include <algorithm>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <exception>
#include <map>
#include <mutex>
#include <new>
#include <optional>
#include <thread>

#include "vl_preproc/resample.hpp"

namespace vl {
namespace {

// Runs fn(begin, end) over [0, n) split into `threads` contiguous parts (the caller runs one).
template <class Fn>
void parallel_ranges(unsigned threads, std::int64_t n, Fn fn) {
  if (threads <= 1 || n < 2) {
    fn(std::int64_t{0}, n);
    return;
  }
  const std::int64_t parts = std::min<std::int64_t>(threads, n);
  std::vector<std::thread> pool;
  pool.reserve(static_cast<std::size_t>(parts - 1));
  std::exception_ptr failure;
  std::mutex m;
  for (std::int64_t p = 1; p < parts; ++p) {
    pool.emplace_back([&, p] {
      try {
        fn(n * p / parts, n * (p + 1) / parts);
      } catch (...) {
        std::lock_guard lock(m);
        failure = std::current_exception();
      }
    });
  }
  try {
    fn(std::int64_t{0}, n / parts);
  } catch (...) {
    std::lock_guard lock(m);
    failure = std::current_exception();
  }
  for (auto& t : pool) t.join();
  if (failure) std::rethrow_exception(failure);
}

RgbImage resize_threads(const RgbImage& src, int w, int h, Isa isa, unsigned threads) {
  const ResizePlan plan = make_resize_plan(src.width, src.height, w, h);
  RgbImage out;
  out.width = w;
  out.height = h;
  out.pixels.resize(static_cast<std::size_t>(w) * h * 3);
  if (!plan.horizontal && !plan.vertical) {
    std::memcpy(out.pixels.data(), src.pixels.data(), out.pixels.size());
    return out;
  }
  std::vector<std::uint8_t> tmp;
  if (plan.vertical_first && plan.horizontal) {
    tmp.resize(static_cast<std::size_t>(src.width) * h * 3);
    parallel_ranges(threads, h, [&](std::int64_t a, std::int64_t b) {
      resample_vertical_rows(plan, src.pixels.data(), tmp.data(), static_cast<int>(a), static_cast<int>(b), isa);
    });
    parallel_ranges(threads, h, [&](std::int64_t a, std::int64_t b) {
      resample_horizontal_rows(plan, tmp.data(), out.pixels.data(), static_cast<int>(a), static_cast<int>(b), isa);
    });
    return out;
  }
  const std::uint8_t* vin = src.pixels.data();
  if (plan.horizontal) {
    const int rows = plan.row_end - plan.row_begin;
    std::uint8_t* dst = out.pixels.data();
    if (plan.vertical) {
      tmp.resize(static_cast<std::size_t>(w) * rows * 3);
      dst = tmp.data();
    }
    parallel_ranges(threads, rows, [&](std::int64_t a, std::int64_t b) {
      resample_horizontal_rows(plan, src.pixels.data(), dst, static_cast<int>(a), static_cast<int>(b), isa);
    });
    if (!plan.vertical) return out;
    vin = tmp.data();
  }
  parallel_ranges(threads, h, [&](std::int64_t a, std::int64_t b) {
    resample_vertical_rows(plan, vin, out.pixels.data(), static_cast<int>(a), static_cast<int>(b), isa);
  });
  return out;
}

}  // namespace

ImageResult preprocess_image(File file, const PreprocessOptions& options, const NormalizeTable& table, Isa isa,
                             unsigned row_threads) {
  ImageResult r;
  try {
    const RgbImage src = decode_image(file, options.alpha, options.limits);
    r.source_width = src.width;
    r.source_height = src.height;
    const ModelConfig& c = options.config;
    r.resized = smart_resize(src.height, src.width, c.factor(), c.min_pixels, c.max_pixels);
    const RgbImage resized = resize_threads(src, r.resized.width, r.resized.height, isa, row_threads);
    const PatchGeometry g = patch_geometry(c, resized.height, resized.width);
    r.grid = GridThw{1, g.grid_h, g.grid_w};
    r.pixel_values.resize(static_cast<std::size_t>(r.grid.rows()) * static_cast<std::size_t>(g.row_width()));
    parallel_ranges(row_threads, r.grid.rows(),
                    [&](std::int64_t a, std::int64_t b) { patchify(resized, table, g, r.pixel_values, a, b); });
  } catch (const std::bad_alloc&) {
    r = ImageResult{};
    r.error = "out of memory";
  } catch (const std::exception& e) {
    const auto w = r.source_width, h = r.source_height;
    r = ImageResult{};
    r.source_width = w;
    r.source_height = h;
    r.error = e.what();
  }
  return r;
}

std::int64_t image_memory_estimate(File file, const PreprocessOptions& options) {
  try {
    const ImageHeader h = probe_image(file);
    const ModelConfig& c = options.config;
    const TargetSize t = smart_resize(h.height, h.width, c.factor(), c.min_pixels, c.max_pixels);
    const std::int64_t decoded = std::int64_t{h.width} * h.height * 3;
    const std::int64_t tmp = std::int64_t{t.width} * std::min(h.height, t.height + 8) * 3;
    const std::int64_t resized = std::int64_t{t.width} * t.height * 3;
    const std::int64_t rows = (std::int64_t{t.height} / c.patch_size) * (t.width / c.patch_size);
    return decoded + tmp + resized + rows * c.row_width() * static_cast<std::int64_t>(sizeof(float));
  } catch (const std::exception&) {
    return 0;
  }
}

BatchPipeline::BatchPipeline(PreprocessOptions options, PipelineOptions pipeline)
    : options_(std::move(options)), pipeline_(pipeline), table_(make_normalize_table(options_.config)) {
  if (pipeline_.threads == 0) pipeline_.threads = 1;
  if (pipeline_.prefetch == 0) pipeline_.prefetch = 1;
  if (!isa_supported(pipeline_.isa)) pipeline_.isa = Isa::scalar;
}

PipelineStats BatchPipeline::run(std::span<const File> files,
                                 const std::function<void(std::size_t, ImageResult&&)>& sink) const {
  PipelineStats stats;
  stats.images = static_cast<std::int64_t>(files.size());
  const unsigned threads = pipeline_.threads;
  if (files.size() < threads) {
    // Few images: one at a time, rows split across the threads.
    for (std::size_t i = 0; i < files.size(); ++i) {
      stats.peak_bytes = std::max(stats.peak_bytes, image_memory_estimate(files[i], options_));
      sink(i, preprocess_image(files[i], options_, table_, pipeline_.isa, threads));
    }
    return stats;
  }

  std::mutex m;
  std::condition_variable admitted_cv, done_cv;
  std::size_t next_admit = 0;     // next index to admit (admission is in input order)
  std::size_t next_consume = 0;   // next index the sink gets
  std::int64_t in_flight_bytes = 0;
  std::map<std::size_t, std::pair<ImageResult, std::int64_t>> finished;
  std::vector<std::int64_t> cost(files.size());
  for (std::size_t i = 0; i < files.size(); ++i) cost[i] = image_memory_estimate(files[i], options_);
  bool stop = false;

  auto worker = [&] {
    for (;;) {
      std::size_t index;
      {
        std::unique_lock lock(m);
        bool waited = false;
        // Admit the next image when the window and the ceiling allow it; an image alone in
        // flight is always admitted, so that no single image can deadlock the pipeline.
        admitted_cv.wait(lock, [&] {
          if (stop || next_admit >= files.size()) return true;
          const bool window = next_admit - next_consume < pipeline_.prefetch;
          const bool memory = pipeline_.memory_ceiling <= 0 || in_flight_bytes == 0 ||
                              in_flight_bytes + cost[next_admit] <= pipeline_.memory_ceiling;
          if (window && !memory) waited = true;
          return window && memory;
        });
        if (stop || next_admit >= files.size()) return;
        if (waited) ++stats.throttled;
        index = next_admit++;
        in_flight_bytes += cost[index];
        stats.peak_bytes = std::max(stats.peak_bytes, in_flight_bytes);
      }
      ImageResult r = preprocess_image(files[index], options_, table_, pipeline_.isa, 1);
      {
        std::lock_guard lock(m);
        finished.emplace(index, std::make_pair(std::move(r), cost[index]));
      }
      done_cv.notify_one();
    }
  };

  std::vector<std::thread> pool;
  for (unsigned t = 0; t < threads; ++t) pool.emplace_back(worker);
  std::exception_ptr failure;
  try {
    while (next_consume < files.size()) {
      std::pair<ImageResult, std::int64_t> item;
      {
        std::unique_lock lock(m);
        done_cv.wait(lock, [&] { return finished.count(next_consume) != 0; });
        auto it = finished.find(next_consume);
        item = std::move(it->second);
        finished.erase(it);
      }
      sink(next_consume, std::move(item.first));
      {
        std::lock_guard lock(m);
        in_flight_bytes -= item.second;
        ++next_consume;
      }
      admitted_cv.notify_all();
    }
  } catch (...) {
    failure = std::current_exception();
    std::lock_guard lock(m);
    stop = true;
  }
  admitted_cv.notify_all();
  for (auto& t : pool) t.join();
  if (failure) std::rethrow_exception(failure);
  return stats;
}

std::vector<ImageResult> BatchPipeline::run(std::span<const File> files, PipelineStats* stats) const {
  std::vector<ImageResult> out(files.size());
  const PipelineStats s = run(files, [&](std::size_t i, ImageResult&& r) { out[i] = std::move(r); });
  if (stats) *stats = s;
  return out;
}

}  // namespace vl
