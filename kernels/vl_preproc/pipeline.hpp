#pragma once
// Images to pixel_values: decode -> RGB -> smart_resize -> Pillow BICUBIC -> rescale +
// normalize -> patchify, per image, with a per-item error instead of an exception, so that one
// bad file never stops a batch.
//  - preprocess_image: one image, one thread (cpu_ref with Isa::scalar).
//  - BatchPipeline: cpu_fast. Worker threads take images in input order; a bounded prefetch
//    window (`prefetch` images in flight ahead of the consumer) and a memory ceiling (bytes of
//    decoded, intermediate and finished-but-unconsumed data) throttle admission instead of
//    letting memory grow. Results reach the sink in input order. A batch with fewer images
//    than threads is processed one image at a time with its rows split across the threads.
// Every image's output is independent of thread count, batch composition and order: each
// sample is computed by the same integer arithmetic from that image alone.
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "vl_preproc/decode.hpp"
#include "vl_preproc/isa.hpp"
#include "vl_preproc/model_config.hpp"
#include "vl_preproc/normalize.hpp"
#include "vl_preproc/patchify.hpp"
#include "vl_preproc/smart_resize.hpp"

namespace vl {

struct PreprocessOptions {
  ModelConfig config = model_config(Model::qwen2);
  AlphaMode alpha = AlphaMode::composite_white;
  DecodeLimits limits;
};

struct ImageResult {
  std::string error;  // empty on success
  int source_width = 0, source_height = 0;
  TargetSize resized;
  GridThw grid;
  std::vector<float> pixel_values;  // grid.rows() * row_width

  bool ok() const { return error.empty(); }
};

using File = std::span<const std::uint8_t>;

ImageResult preprocess_image(File file, const PreprocessOptions& options, const NormalizeTable& table,
                             Isa isa = Isa::scalar, unsigned row_threads = 1);

// Bytes an image holds at its peak inside the pipeline, from its header (0 if unreadable).
std::int64_t image_memory_estimate(File file, const PreprocessOptions& options);

struct PipelineOptions {
  unsigned threads = 1;
  unsigned prefetch = 8;              // images admitted ahead of the consumer
  std::int64_t memory_ceiling = 0;    // bytes; 0 = no ceiling
  Isa isa = Isa::scalar;
};

struct PipelineStats {
  std::int64_t peak_bytes = 0;     // most bytes held at once by admitted, unconsumed images
  std::int64_t throttled = 0;      // admissions that waited for memory
  std::int64_t images = 0;
};

class BatchPipeline {
 public:
  BatchPipeline(PreprocessOptions options, PipelineOptions pipeline);
  // Calls sink(index, result) for every file, in input order, on the calling thread. A single
  // image larger than the ceiling is admitted alone.
  PipelineStats run(std::span<const File> files, const std::function<void(std::size_t, ImageResult&&)>& sink) const;
  // Convenience: all results, in order.
  std::vector<ImageResult> run(std::span<const File> files, PipelineStats* stats = nullptr) const;

  const PreprocessOptions& options() const { return options_; }
  const NormalizeTable& table() const { return table_; }

 private:
  PreprocessOptions options_;
  PipelineOptions pipeline_;
  NormalizeTable table_;
};

}  // namespace vl
