// Test driver for vl_reference.py: preprocesses the given files and writes, per file index i,
// OUT/i.json (error, or grid and resized size), OUT/i.rgb (decoded RGB bytes) and OUT/i.pv
// (float32 pixel_values, little-endian), OUT/i.resized (the resized RGB bytes).
//   vl_reference_driver OUT --model qwen2|qwen2.5|qwen3 [--min-pixels N] [--max-pixels N]
//                       [--isa scalar|avx2|avx512] [--threads N] [--time R] FILE...
// With --time R it writes nothing: it preprocesses the files R times and prints
// {"images": n, "seconds": s, "images_per_s": x} (used by scripts/vl_peer.py).
#include <chrono>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>
#include <vector>

#include "vl_preproc/pipeline.hpp"
#include "vl_preproc/resample.hpp"

namespace {
std::vector<std::uint8_t> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}
void write_file(const std::string& path, const void* data, std::size_t n) {
  std::ofstream(path, std::ios::binary).write(static_cast<const char*>(data), static_cast<std::streamsize>(n));
}
std::string json_string(const std::string& s) {
  std::string o = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') o += '\\';
    if (static_cast<unsigned char>(c) < 0x20) continue;
    o += c;
  }
  return o + "\"";
}
}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: vl_reference_driver OUT --model M [--min-pixels N] [--max-pixels N] [--isa I] [--threads N] FILE...\n";
    return 2;
  }
  const std::string out = argv[1];
  vl::PreprocessOptions options;
  vl::PipelineOptions pipe;
  std::vector<std::string> paths;
  std::int64_t min_pixels = -1, max_pixels = -1;
  int repeat = 0;
  for (int k = 2; k < argc; ++k) {
    const std::string a = argv[k];
    if (a == "--model" && k + 1 < argc) {
      auto m = vl::parse_model(argv[++k]);
      if (!m) return 2;
      options.config = vl::model_config(*m);
    } else if (a == "--min-pixels" && k + 1 < argc) {
      min_pixels = std::stoll(argv[++k]);
    } else if (a == "--max-pixels" && k + 1 < argc) {
      max_pixels = std::stoll(argv[++k]);
    } else if (a == "--threads" && k + 1 < argc) {
      pipe.threads = static_cast<unsigned>(std::stoul(argv[++k]));
    } else if (a == "--time" && k + 1 < argc) {
      repeat = std::stoi(argv[++k]);
    } else if (a == "--isa" && k + 1 < argc) {
      const std::string i = argv[++k];
      pipe.isa = i == "avx512" ? vl::Isa::avx512 : i == "avx2" ? vl::Isa::avx2 : vl::Isa::scalar;
    } else {
      paths.push_back(a);
    }
  }
  if (min_pixels >= 0) options.config.min_pixels = min_pixels;
  if (max_pixels >= 0) options.config.max_pixels = max_pixels;
  std::vector<std::vector<std::uint8_t>> data;
  for (const auto& p : paths) data.push_back(read_file(p));
  std::vector<vl::File> files(data.begin(), data.end());
  const vl::BatchPipeline pipeline(options, pipe);
  if (repeat > 0) {
    std::size_t ok = 0;
    const auto t0 = std::chrono::steady_clock::now();
    for (int r = 0; r < repeat; ++r) {
      pipeline.run(files, [&](std::size_t, vl::ImageResult&& res) { ok += res.ok(); });
    }
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    const double n = static_cast<double>(files.size()) * repeat;
    std::cout << "{\"images\": " << n << ", \"ok\": " << ok << ", \"seconds\": " << s << ", \"images_per_s\": " << n / s
              << "}\n";
    return 0;
  }
  pipeline.run(files, [&](std::size_t i, vl::ImageResult&& r) {
    const std::string base = out + "/" + std::to_string(i);
    std::string j;
    if (!r.ok()) {
      j = "{\"error\": " + json_string(r.error) + "}";
    } else {
      j = "{\"grid\": [" + std::to_string(r.grid.t) + ", " + std::to_string(r.grid.h) + ", " + std::to_string(r.grid.w) +
          "], \"resized\": [" + std::to_string(r.resized.height) + ", " + std::to_string(r.resized.width) + "]}";
      write_file(base + ".pv", r.pixel_values.data(), r.pixel_values.size() * sizeof(float));
    }
    std::ofstream(base + ".json") << j << '\n';
    // Decoded RGB, for decoder comparisons (decoded again here: the pipeline does not keep it).
    try {
      const vl::RgbImage rgb = vl::decode_image(files[i], options.alpha, options.limits);
      write_file(base + ".rgb", rgb.pixels.data(), rgb.pixels.size());
      if (r.ok()) {
        const vl::RgbImage resized = vl::resize_bicubic(rgb, r.resized.width, r.resized.height);
        write_file(base + ".resized", resized.pixels.data(), resized.pixels.size());
      }
    } catch (const std::exception&) {
    }
  });
  return 0;
}
