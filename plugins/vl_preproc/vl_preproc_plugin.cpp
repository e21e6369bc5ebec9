// The `vl_preproc` workload plugin: Qwen2-VL / Qwen2.5-VL / Qwen3-VL image preprocessing
// (decode, smart_resize, Pillow BICUBIC, normalize, patchify), bit-exact with the reference
// processor's PIL backend, as cpu_ref (one thread, scalar), cpu_fast (thread pool, prefetch
// window, AVX2/AVX-512) and cuda. Stage workloads time decode, resize and normalize+patchify
// alone. Compute lives in kernels/vl_preproc; this file declares inputs, variants, costs, laws.
#include <memory>
#include <ostream>

#include <crucible/sdk.hpp>

#include "vl_command.hpp"
#include "vl_preproc/cuda_preproc.hpp"
#include "vl_preproc/pipeline.hpp"
#include "vl_preproc/resample.hpp"
#include "vl_preproc/test_images.hpp"

namespace {

struct Batch {
  std::shared_ptr<const std::vector<std::vector<std::uint8_t>>> data;
  std::vector<vl::File> files;
  vl::Model model = vl::Model::qwen2;
  std::vector<std::string> notes;  // per file, what it is (printed when a property fails)

  vl::PreprocessOptions options() const {
    vl::PreprocessOptions o;
    o.config = vl::model_config(model);
    return o;
  }
};

Batch make_batch(std::vector<std::vector<std::uint8_t>> data, vl::Model model, std::vector<std::string> notes) {
  Batch b;
  b.data = std::make_shared<const std::vector<std::vector<std::uint8_t>>>(std::move(data));
  b.files.assign(b.data->begin(), b.data->end());
  b.model = model;
  b.notes = std::move(notes);
  return b;
}

std::ostream& operator<<(std::ostream& os, const Batch& b) {
  os << "{model: " << vl::model_name(b.model) << ", images: [";
  for (std::size_t i = 0; i < b.notes.size(); ++i) os << (i ? ", " : "") << b.notes[i];
  return os << "]}";
}

vl::Model model_param(const crucible::Params& p) {
  const auto m = vl::parse_model(p.string("model", "qwen2"));
  if (!m) throw std::invalid_argument("parameter 'model' must be qwen2, qwen2.5 or qwen3");
  return *m;
}

// Benchmark input: `images` PNGs of width x height (half noise, half gradients).
Batch make_benchmark_batch(const crucible::Params& p, crucible::Rng& rng) {
  std::vector<std::vector<std::uint8_t>> data;
  std::vector<std::string> notes;
  const int w = static_cast<int>(p.integer("width")), h = static_cast<int>(p.integer("height"));
  for (std::int64_t i = 0; i < p.integer("images"); ++i) {
    data.push_back(vl::testing::encode_png_rgb(vl::testing::noise_image(w, h, rng.next())));
    notes.push_back(std::to_string(w) + "x" + std::to_string(h) + " png");
  }
  return make_batch(std::move(data), model_param(p), std::move(notes));
}

// Property input: 1-5 images of random size (1..90 per side, incl. 1xN strips the reference
// rejects), sometimes truncated or replaced by non-image bytes; either model family.
rc::Gen<Batch> gen_batch() {
  return rc::gen::exec([] {
    const int n = *rc::gen::inRange(1, 6);
    std::vector<std::vector<std::uint8_t>> data;
    std::vector<std::string> notes;
    for (int i = 0; i < n; ++i) {
      const int w = *rc::gen::inRange(1, 91), h = *rc::gen::inRange(1, 91);
      const auto seed = *rc::gen::arbitrary<std::uint32_t>();
      auto png = vl::testing::encode_png_rgb(vl::testing::noise_image(w, h, seed));
      const int kind = *rc::gen::inRange(0, 10);
      std::string note = std::to_string(w) + "x" + std::to_string(h) + " seed " + std::to_string(seed);
      if (kind == 0) {
        png.resize(png.size() / 2);
        note += " truncated";
      } else if (kind == 1) {
        png = {'n', 'o', 't', ' ', 'a', 'n', ' ', 'i', 'm', 'a', 'g', 'e'};
        note = "not an image";
      }
      data.push_back(std::move(png));
      notes.push_back(note);
    }
    const auto model = *rc::gen::element(vl::Model::qwen2, vl::Model::qwen3);
    return make_batch(std::move(data), model, std::move(notes));
  });
}

// Canonical bytes of one image's result: ok flag, then the error or grid and pixel_values.
void write_result(const vl::ImageResult& r, crucible::Output& out) {
  out.write<std::uint8_t>(r.ok() ? 1 : 0);
  if (!r.ok()) {
    out.write(std::string_view(r.error));
    return;
  }
  out.write(r.grid.t);
  out.write(r.grid.h);
  out.write(r.grid.w);
  out.write(r.pixel_values);
}

void run_ref(const Batch& b, crucible::Output& out) {
  const auto o = b.options();
  const auto table = vl::make_normalize_table(o.config);
  for (auto f : b.files) write_result(vl::preprocess_image(f, o, table, vl::Isa::scalar, 1), out);
}

void run_fast(const Batch& b, crucible::Output& out, const crucible::Context& context) {
  const vl::BatchPipeline p(b.options(), {context.threads(), 2 * context.threads() + 2, 0, vl::best_isa()});
  p.run(b.files, [&](std::size_t, vl::ImageResult&& r) { write_result(r, out); });
}

struct CudaBatch : crucible::Fixture<Batch> {
  void prepare(const Batch& in, const crucible::Context&) override {
    std::string why;
    device = vl::CudaPreprocessor::create(in.options(), 2, &why);
    if (!device) throw std::runtime_error("cuda variant unavailable: " + why);
    input = &in;
  }
  void run(const crucible::Context& context) override { results = device->run(input->files, context.threads()); }
  void output(crucible::Output& out) override {
    for (const auto& r : results) write_result(r, out);
  }
  const Batch* input = nullptr;
  std::unique_ptr<vl::CudaPreprocessor> device;
  std::vector<vl::ImageResult> results;
};

// Bytes: the encoded files read and the float32 rows written; ops: images (images/s).
crucible::Work batch_work(const Batch& b) {
  double bytes = 0;
  const auto o = b.options();
  for (auto f : b.files) {
    bytes += static_cast<double>(f.size());
    try {
      const auto h = vl::probe_image(f);
      const auto t = vl::smart_resize(h.height, h.width, o.config.factor(), o.config.min_pixels, o.config.max_pixels);
      bytes += static_cast<double>(t.height / o.config.patch_size) * (t.width / o.config.patch_size) * o.config.row_width() * 4.0;
    } catch (const std::exception&) {
    }
  }
  return crucible::Work{.bytes = bytes, .ops = static_cast<double>(b.files.size()), .ops_type = crucible::Ops::other};
}

// Stage inputs: decoded images (for resize) and resized images (for normalize + patchify).
struct Decoded {
  std::shared_ptr<const std::vector<vl::RgbImage>> images;
  vl::Model model = vl::Model::qwen2;
};
std::ostream& operator<<(std::ostream& os, const Decoded& d) { return os << "<" << d.images->size() << " decoded images>"; }

Decoded make_decoded(const crucible::Params& p, crucible::Rng& rng, bool resized) {
  auto images = std::make_shared<std::vector<vl::RgbImage>>();
  const auto c = vl::model_config(model_param(p));
  for (std::int64_t i = 0; i < p.integer("images"); ++i) {
    auto img = vl::testing::noise_image(static_cast<int>(p.integer("width")), static_cast<int>(p.integer("height")), rng.next());
    if (resized) {
      const auto t = vl::smart_resize(img.height, img.width, c.factor(), c.min_pixels, c.max_pixels);
      img = vl::resize_bicubic(img, t.width, t.height);
    }
    images->push_back(std::move(img));
  }
  return Decoded{images, model_param(p)};
}

// Property input for the resize stage: 1-3 decoded images of 1..150 pixels per side (smart
// resize then up- and downscales, in both pass orders).
rc::Gen<Decoded> gen_decoded() {
  return rc::gen::exec([] {
    auto images = std::make_shared<std::vector<vl::RgbImage>>();
    const int n = *rc::gen::inRange(1, 4);
    for (int i = 0; i < n; ++i) {
      const int w = *rc::gen::inRange(1, 151), h = *rc::gen::inRange(1, 151);
      if (std::max(w, h) > 200 * std::min(w, h)) continue;
      images->push_back(vl::testing::noise_image(w, h, *rc::gen::arbitrary<std::uint32_t>()));
    }
    return Decoded{images, *rc::gen::element(vl::Model::qwen2, vl::Model::qwen3)};
  });
}

double pixel_bytes(const Decoded& d) {
  double b = 0;
  for (const auto& img : *d.images) b += static_cast<double>(img.pixels.size());
  return b;
}

}  // namespace

CRUCIBLE_PLUGIN("vl_preproc", "1.0") {
  plugin.command("vl", [](int argc, const char* const* argv) { return vl_command(argc, argv); });

  auto& w = plugin.workload<Batch>("preprocess")
                .describe("PNG files to Qwen-VL pixel_values: decode, smart_resize, Pillow BICUBIC, normalize, patchify")
                .axis("images", {4})
                .axis("width", {320})
                .axis("height", {240})
                .axis("model", {"qwen2"})
                .generate(make_benchmark_batch)
                .inputs(gen_batch)
                .work([](const crucible::Params&, const Batch& b) { return batch_work(b); });
  w.variant("cpu_ref", run_ref);
  w.variant("cpu_fast", run_fast).threads();
  w.variant<CudaBatch>("cuda").requires_cuda(8.0).synchronizes().threads();
  w.equal("cpu_fast", "cpu_ref", crucible::bitwise);
  w.equal("cuda", "cpu_ref", crucible::bitwise);

  w.property("batch order and composition do not change any image", [](const Batch& b) {
    const auto o = b.options();
    const auto table = vl::make_normalize_table(o.config);
    std::vector<vl::File> reversed(b.files.rbegin(), b.files.rend());
    const auto back = vl::BatchPipeline(o, {2, 2, 0, vl::best_isa()}).run(reversed);
    for (std::size_t i = 0; i < b.files.size(); ++i) {
      const auto alone = vl::preprocess_image(b.files[i], o, table);
      const auto& in_batch = back[b.files.size() - 1 - i];
      RC_ASSERT(in_batch.error == alone.error);
      RC_ASSERT(in_batch.pixel_values == alone.pixel_values);
    }
  });
  w.property("a memory ceiling throttles without changing results", [](const Batch& b) {
    const auto o = b.options();
    std::int64_t largest = 0;
    for (auto f : b.files) largest = std::max(largest, vl::image_memory_estimate(f, o));
    vl::PipelineStats stats;
    const auto free = vl::BatchPipeline(o, {3, 8, 0, vl::Isa::scalar}).run(b.files);
    const auto tight = vl::BatchPipeline(o, {3, 8, largest, vl::Isa::scalar}).run(b.files, &stats);
    RC_ASSERT(stats.peak_bytes <= largest);
    for (std::size_t i = 0; i < b.files.size(); ++i) RC_ASSERT(tight[i].pixel_values == free[i].pixel_values);
  });
  w.property("rows are t*h*w, sides are multiples of the factor, temporal copies are equal", [](const Batch& b) {
    const auto o = b.options();
    const auto table = vl::make_normalize_table(o.config);
    const int P = o.config.patch_size, T = o.config.temporal_patch_size;
    for (auto f : b.files) {
      const auto r = vl::preprocess_image(f, o, table);
      if (!r.ok()) continue;
      RC_ASSERT(r.resized.height % o.config.factor() == 0);
      RC_ASSERT(r.resized.width % o.config.factor() == 0);
      RC_ASSERT(r.grid.rows() * o.config.row_width() == static_cast<std::int64_t>(r.pixel_values.size()));
      for (std::int64_t row = 0; row < r.grid.rows(); ++row) {
        const float* p = r.pixel_values.data() + row * o.config.row_width();
        for (int c = 0; c < 3; ++c) {
          for (int i = 0; i < P * P; ++i) RC_ASSERT(p[(c * T + 1) * P * P + i] == p[(c * T) * P * P + i]);
        }
      }
    }
  });

  // Stages alone, for images/s per stage.
  auto& decode = plugin.workload<Batch>("decode")
                     .describe("PNG decoding and RGB conversion only")
                     .axis("images", {4})
                     .axis("width", {320})
                     .axis("height", {240})
                     .generate(make_benchmark_batch)
                     .work([](const crucible::Params&, const Batch& b) {
                       double bytes = 0;
                       for (auto f : b.files) bytes += static_cast<double>(f.size());
                       return crucible::Work{.bytes = bytes, .ops = static_cast<double>(b.files.size()), .ops_type = crucible::Ops::other};
                     });
  decode.variant("cpu", [](const Batch& b, crucible::Output& out) {
    for (auto f : b.files) out.write(vl::decode_image(f).pixels);
  });

  auto& resize = plugin.workload<Decoded>("resize")
                     .describe("Pillow BICUBIC to the smart_resize size, decoded RGB in, RGB out")
                     .axis("images", {4})
                     .axis("width", {320})
                     .axis("height", {240})
                     .axis("model", {"qwen2"})
                     .generate([](const crucible::Params& p, crucible::Rng& rng) { return make_decoded(p, rng, false); })
                     .inputs(gen_decoded)
                     .work([](const crucible::Params&, const Decoded& d) {
                       return crucible::Work{.bytes = pixel_bytes(d), .ops = static_cast<double>(d.images->size()), .ops_type = crucible::Ops::other};
                     });
  auto resize_with = [](vl::Isa isa) {
    return [isa](const Decoded& d, crucible::Output& out) {
      const auto c = vl::model_config(d.model);
      for (const auto& img : *d.images) {
        const auto t = vl::smart_resize(img.height, img.width, c.factor(), c.min_pixels, c.max_pixels);
        out.write(vl::resize_bicubic(img, t.width, t.height, isa).pixels);
      }
    };
  };
  resize.variant("cpu_ref", resize_with(vl::Isa::scalar));
  resize.variant("avx2", resize_with(vl::Isa::avx2)).requires_isa("avx2");
  resize.variant("avx512", resize_with(vl::Isa::avx512)).requires_isa("avx512bw");
  resize.equal("avx2", "cpu_ref", crucible::bitwise);
  resize.equal("avx512", "cpu_ref", crucible::bitwise);

  auto& patch = plugin.workload<Decoded>("normalize_patchify")
                    .describe("rescale + normalize table and patch scatter of resized RGB into pixel_values")
                    .axis("images", {4})
                    .axis("width", {320})
                    .axis("height", {240})
                    .axis("model", {"qwen2"})
                    .generate([](const crucible::Params& p, crucible::Rng& rng) { return make_decoded(p, rng, true); })
                    .work([](const crucible::Params&, const Decoded& d) {
                      return crucible::Work{.bytes = pixel_bytes(d) * (1 + 4 * 2), .ops = static_cast<double>(d.images->size()),
                                            .ops_type = crucible::Ops::other};
                    });
  patch.variant("cpu", [](const Decoded& d, crucible::Output& out) {
    const auto c = vl::model_config(d.model);
    const auto table = vl::make_normalize_table(c);
    for (const auto& img : *d.images) {
      const auto g = vl::patch_geometry(c, img.height, img.width);
      std::vector<float> v(static_cast<std::size_t>(g.grid_h) * g.grid_w * g.row_width());
      vl::patchify(img, table, g, v, 0, std::int64_t{g.grid_h} * g.grid_w);
      out.write(v);
    }
  });
}
