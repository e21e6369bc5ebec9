// Unit tests of the vl_preproc compute library: smart_resize, Pillow's coefficients and
// passes, the normalize table, patch layout, decoders (incl. bad input), the fast paths'
// bitwise equality and the pipeline's memory ceiling; golden files from the reference.
#include <gtest/gtest.h>

#include <bit>
#include <cstring>
#include <fstream>
#include <iterator>
#include <random>

#include <nlohmann/json.hpp>

#include "vl_preproc/color_convert.hpp"
#include "vl_preproc/decode.hpp"
#include "vl_preproc/npy.hpp"
#include "vl_preproc/pipeline.hpp"
#include "vl_preproc/placeholders.hpp"
#include "vl_preproc/resample.hpp"
#include "vl_preproc/test_images.hpp"

namespace {

using vl::Model;

std::vector<std::uint8_t> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in.good()) << path;
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::string fnv1a64(const void* data, std::size_t n) {
  std::uint64_t h = 0xcbf29ce484222325ull;
  const auto* p = static_cast<const std::uint8_t*>(data);
  for (std::size_t i = 0; i < n; ++i) h = (h ^ p[i]) * 0x100000001b3ull;
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

vl::TargetSize sr(int h, int w, Model m, std::int64_t max_pixels = 0) {
  const auto c = vl::model_config(m);
  return vl::smart_resize(h, w, c.factor(), c.min_pixels, max_pixels ? max_pixels : c.max_pixels);
}

TEST(SmartResize, WorkedExamplesOfTheSpec) {
  // (w x h) -> H x W for Qwen2 hub, HF class default (max 1003520) and Qwen3 hub.
  EXPECT_EQ(sr(512, 512, Model::qwen2), (vl::TargetSize{504, 504}));
  EXPECT_EQ(sr(512, 512, Model::qwen3), (vl::TargetSize{512, 512}));
  EXPECT_EQ(sr(300, 451, Model::qwen2), (vl::TargetSize{308, 448}));
  EXPECT_EQ(sr(300, 451, Model::qwen3), (vl::TargetSize{288, 448}));
  EXPECT_EQ(sr(400, 600, Model::qwen3), (vl::TargetSize{384, 608}));  // 12.5 -> 12
  EXPECT_EQ(sr(872, 1000, Model::qwen2), (vl::TargetSize{868, 1008}));
  EXPECT_EQ(sr(1411, 1411, Model::qwen2), (vl::TargetSize{1400, 1400}));
  EXPECT_EQ(sr(1411, 1411, Model::qwen2, 1003520), (vl::TargetSize{980, 980}));
  EXPECT_EQ(sr(3000, 4000, Model::qwen2), (vl::TargetSize{2996, 4004}));
  EXPECT_EQ(sr(3000, 4000, Model::qwen2, 1003520), (vl::TargetSize{840, 1148}));
  EXPECT_EQ(sr(3000, 4000, Model::qwen3), (vl::TargetSize{3008, 4000}));
  EXPECT_EQ(sr(20, 20, Model::qwen2), (vl::TargetSize{56, 56}));
  EXPECT_EQ(sr(20, 20, Model::qwen3), (vl::TargetSize{256, 256}));
  EXPECT_EQ(sr(5000, 30, Model::qwen2), (vl::TargetSize{5012, 28}));
  EXPECT_EQ(sr(5000, 30, Model::qwen3), (vl::TargetSize{4992, 32}));
  EXPECT_EQ(sr(1, 1, Model::qwen2), (vl::TargetSize{56, 56}));
}

TEST(SmartResize, RoundsHalfToEven) {
  EXPECT_EQ(sr(42, 70, Model::qwen2), (vl::TargetSize{56, 56}));    // 1.5 -> 2, 2.5 -> 2
  EXPECT_EQ(sr(208, 400, Model::qwen3), (vl::TargetSize{192, 384}));  // 6.5 -> 6, 12.5 -> 12
}

TEST(SmartResize, RejectsExtremeAspectRatiosWithTheReferenceMessage) {
  try {
    sr(1, 250, Model::qwen2);
    FAIL() << "no error";
  } catch (const vl::ResizeError& e) {
    EXPECT_STREQ(e.what(), "absolute aspect ratio must be smaller than 200, got 250.0");
  }
  EXPECT_THROW(sr(3, 601, Model::qwen2), vl::ResizeError);  // 200.333...
  EXPECT_NO_THROW(sr(1, 200, Model::qwen2));
  EXPECT_EQ(vl::python_float_repr(200.33333333333334), "200.33333333333334");
  EXPECT_THROW(vl::smart_resize(0, 5, 28, 1, 10), vl::ResizeError);
}

TEST(Resample, KnownCoefficientRows) {
  auto row0 = [](int in, int out) {
    const auto c = vl::bicubic_coefficients(in, out);
    std::vector<int> v{c.first[0], c.count[0]};
    for (int i = 0; i < c.count[0]; ++i) v.push_back(c.k[static_cast<std::size_t>(i)]);
    return v;
  };
  EXPECT_EQ(row0(512, 504), (std::vector<int>{0, 3, 4144296, 53047, -3039}));
  EXPECT_EQ(row0(451, 448), (std::vector<int>{0, 3, 4173226, 21645, -567}));
  EXPECT_EQ(row0(20, 56), (std::vector<int>{0, 2, 4626889, -432585}));
  EXPECT_EQ(row0(300, 100), (std::vector<int>{0, 8, 1174405, 1509949, 1174405, 503316, 0, -111848, -55924, 0}));
  EXPECT_EQ(vl::bicubic_coefficients(300, 100).ksize, 13);
}

TEST(Resample, PassOrderFollowsPillow13) {
  EXPECT_TRUE(vl::make_resize_plan(197, 94, 196, 84).vertical_first);
  EXPECT_FALSE(vl::make_resize_plan(50, 40, 28, 28).vertical_first);
  EXPECT_FALSE(vl::make_resize_plan(40, 30, 56, 56).vertical_first);
}

TEST(Resample, ScaleOneIsIdentityAndFastPathsAreBitwiseScalar) {
  std::mt19937 rng(7);
  for (int trial = 0; trial < 40; ++trial) {
    vl::RgbImage img = vl::testing::noise_image(1 + static_cast<int>(rng() % 150), 1 + static_cast<int>(rng() % 150), rng());
    const int w = 1 + static_cast<int>(rng() % 200), h = 1 + static_cast<int>(rng() % 200);
    const auto ref = vl::resize_bicubic(img, w, h, vl::Isa::scalar);
    for (vl::Isa isa : {vl::Isa::avx2, vl::Isa::avx512}) {
      if (!vl::isa_supported(isa)) continue;
      EXPECT_EQ(vl::resize_bicubic(img, w, h, isa).pixels, ref.pixels) << vl::isa_name(isa) << " " << img.width << "x"
                                                                        << img.height << " -> " << w << "x" << h;
    }
  }
  const vl::RgbImage img = vl::testing::noise_image(33, 17, 3);
  EXPECT_EQ(vl::resize_bicubic(img, 33, 17).pixels, img.pixels);
}

TEST(Normalize, KnownAnswersOfThePilPath) {
  const auto q2 = vl::make_normalize_table(vl::model_config(Model::qwen2));
  auto bits = [](float f) { return std::bit_cast<std::uint32_t>(f); };
  EXPECT_EQ(bits(q2.value[0][0]), 0xbfe568dcu);
  EXPECT_EQ(bits(q2.value[1][0]), 0xbfe044b8u);
  EXPECT_EQ(bits(q2.value[2][0]), 0xbfbd77d8u);
  EXPECT_EQ(bits(q2.value[0][128]), 0x3d9c5620u);
  EXPECT_EQ(bits(q2.value[1][128]), 0x3e2cf36bu);
  EXPECT_EQ(bits(q2.value[2][128]), 0x3eae0dc4u);
  EXPECT_EQ(bits(q2.value[0][255]), 0x3ff71541u);
  EXPECT_EQ(bits(q2.value[1][255]), 0x4004cae5u);
  EXPECT_EQ(bits(q2.value[2][255]), 0x40095660u);
  const auto q3 = vl::make_normalize_table(vl::model_config(Model::qwen3));
  EXPECT_EQ(bits(q3.value[1][0]), 0xbf800000u);
  EXPECT_EQ(bits(q3.value[1][128]), 0x3b808100u);
  EXPECT_EQ(bits(q3.value[1][255]), 0x3f800000u);
}

TEST(Patchify, LayoutAndTemporalCopies) {
  const auto c = vl::model_config(Model::qwen2);
  const vl::RgbImage img = vl::testing::noise_image(56, 84, 11);  // 84 x 56
  const auto table = vl::make_normalize_table(c);
  const auto g = vl::patch_geometry(c, img.height, img.width);
  ASSERT_EQ(g.grid_h, 6);
  ASSERT_EQ(g.grid_w, 4);
  std::vector<float> out(static_cast<std::size_t>(g.grid_h * g.grid_w * g.row_width()));
  vl::patchify(img, table, g, out, 0, g.grid_h * g.grid_w);
  // Every sample sits where the index formula puts it, in both temporal halves.
  for (int y = 0; y < img.height; ++y) {
    for (int x = 0; x < img.width; ++x) {
      for (int ch = 0; ch < 3; ++ch) {
        const float want = table.value[static_cast<std::size_t>(ch)][img.row(y)[3 * x + ch]];
        for (int tt = 0; tt < 2; ++tt) ASSERT_EQ(out[static_cast<std::size_t>(vl::patch_element(g, y, x, ch, tt))], want);
      }
    }
  }
  // Rows are merge-window major: patch (0,1) is row 1, patch (1,0) row 2, patch (0,2) row 4.
  EXPECT_EQ(vl::patch_row(g, 0, 1), 1);
  EXPECT_EQ(vl::patch_row(g, 1, 0), 2);
  EXPECT_EQ(vl::patch_row(g, 0, 2), 4);
  EXPECT_EQ(vl::placeholder_count(vl::GridThw{1, 6, 4}, 2), 6);
  const auto ids = vl::expand_image_tokens(vl::GridThw{1, 36, 36}, 2, 151652, 151655, 151653);
  EXPECT_EQ(ids.size(), 324u + 2u);
  EXPECT_EQ(ids.front(), 151652);
  EXPECT_EQ(ids[1], 151655);
  EXPECT_EQ(ids.back(), 151653);
  EXPECT_THROW(vl::placeholder_count(vl::GridThw{1, 3, 3}, 2), std::invalid_argument);
}

TEST(ColorConvert, PillowArithmetic) {
  EXPECT_EQ(vl::composite_on_white(10, 0), 255);
  EXPECT_EQ(vl::composite_on_white(10, 255), 10);
  EXPECT_EQ(vl::composite_on_white(0, 128), 127);
  EXPECT_EQ(vl::cmyk_channel_to_rgb(0, 0), 255);
  EXPECT_EQ(vl::cmyk_channel_to_rgb(255, 0), 0);
  EXPECT_EQ(vl::cmyk_channel_to_rgb(0, 255), 0);
}

std::string decode_error(const std::vector<std::uint8_t>& bytes, const vl::DecodeLimits& limits = {}) {
  try {
    vl::decode_image(bytes, vl::AlphaMode::composite_white, limits);
  } catch (const vl::DecodeError& e) {
    return e.what();
  }
  return "";
}

TEST(Decode, BadInputIsAClearErrorNeverACrash) {
  EXPECT_EQ(decode_error({}), "empty file");
  EXPECT_EQ(decode_error({'h', 'e', 'l', 'l', 'o'}), "not a PNG or JPEG file");
  const auto png = read_file(std::string(VL_TEST_DATA) + "/rgb8_37x23.png");
  const auto jpg = read_file(std::string(VL_TEST_DATA) + "/rgb_45x29.jpg");
  for (std::size_t cut : {std::size_t{8}, std::size_t{20}, std::size_t{40}, png.size() / 2, png.size() - 13}) {
    EXPECT_NE(decode_error({png.begin(), png.begin() + static_cast<std::ptrdiff_t>(cut)}), "") << cut;
  }
  for (std::size_t cut : {std::size_t{3}, std::size_t{100}, jpg.size() / 2, jpg.size() - 2}) {
    EXPECT_NE(decode_error({jpg.begin(), jpg.begin() + static_cast<std::ptrdiff_t>(cut)}), "") << cut;
  }
  auto corrupt = png;
  corrupt[40] ^= 0xff;  // inside IDAT: the CRC fails
  EXPECT_NE(decode_error(corrupt).find("corrupt PNG"), std::string::npos);
  auto zero = png;
  std::memset(zero.data() + 16, 0, 4);  // width 0
  EXPECT_NE(decode_error(zero).find("zero image size"), std::string::npos);
  auto huge = png;
  huge[16] = 0x00, huge[17] = 0x01, huge[18] = 0x00, huge[19] = 0x00;  // 65536 wide
  huge[20] = 0x00, huge[21] = 0x01, huge[22] = 0x00, huge[23] = 0x00;  // 65536 high
  EXPECT_NE(decode_error(huge).find("image too large"), std::string::npos);
  EXPECT_NE(decode_error(png, vl::DecodeLimits{100}).find("image too large"), std::string::npos);
}

TEST(Decode, FuzzedFilesNeverCrash) {
  // A bounded seeded mutation loop over real PNG and JPEG files (run under ASan in CI).
  std::mt19937 rng(20261203);
  const std::vector<std::vector<std::uint8_t>> seeds{read_file(std::string(VL_TEST_DATA) + "/rgb8_37x23.png"),
                                                     read_file(std::string(VL_TEST_DATA) + "/palette_trns_13x11.png"),
                                                     read_file(std::string(VL_TEST_DATA) + "/progressive_45x29.jpg"),
                                                     read_file(std::string(VL_TEST_DATA) + "/cmyk_45x29.jpg")};
  int decoded = 0, rejected = 0;
  for (int i = 0; i < 8000; ++i) {
    auto bytes = seeds[rng() % seeds.size()];
    const int edits = 1 + static_cast<int>(rng() % 8);
    for (int e = 0; e < edits && !bytes.empty(); ++e) {
      const std::size_t at = rng() % bytes.size();
      switch (rng() % 4) {
        case 0: bytes[at] = static_cast<std::uint8_t>(rng()); break;
        case 1: bytes[at] ^= static_cast<std::uint8_t>(1u << (rng() % 8)); break;
        case 2: bytes.resize(at); break;
        default: bytes.insert(bytes.begin() + static_cast<std::ptrdiff_t>(at), static_cast<std::uint8_t>(rng())); break;
      }
    }
    try {
      const auto img = vl::decode_image(bytes, vl::AlphaMode::composite_white, vl::DecodeLimits{1 << 22});
      ASSERT_EQ(img.pixels.size(), static_cast<std::size_t>(img.width) * img.height * 3);
      ++decoded;
    } catch (const vl::DecodeError&) {
      ++rejected;
    }
  }
  EXPECT_GT(rejected, 0);
  EXPECT_GT(decoded, 0);
}

// The committed reference results (scripts/vl_make_goldens.py): decoded RGB, grid and every
// pixel_values bit, or the reference's error.
TEST(Golden, MatchesTheReferenceProcessor) {
  std::ifstream in(std::string(VL_TEST_DATA) + "/golden.json");
  ASSERT_TRUE(in.good());
  const auto golden = nlohmann::json::parse(in);
  int checked = 0;
  for (const auto& c : golden["cases"]) {
    const auto bytes = read_file(std::string(VL_TEST_DATA) + "/" + c["file"].get<std::string>());
    for (const auto& [model, want] : c["models"].items()) {
      vl::PreprocessOptions o;
      o.config = vl::model_config(*vl::parse_model(model));
      const auto table = vl::make_normalize_table(o.config);
      const auto r = vl::preprocess_image(bytes, o, table);
      const std::string label = c["file"].get<std::string>() + "/" + model;
      if (want.contains("rgb_fnv")) {
        const auto rgb = vl::decode_image(bytes);
        EXPECT_EQ(fnv1a64(rgb.pixels.data(), rgb.pixels.size()), want["rgb_fnv"].get<std::string>()) << label;
      }
      if (want.contains("error")) {
        EXPECT_FALSE(r.ok()) << label;
        const std::string e = want["error"].get<std::string>();
        if (e.starts_with("resize: ")) {
          EXPECT_EQ("resize: " + r.error, e) << label;
        }
        ++checked;
        continue;
      }
      ASSERT_TRUE(r.ok()) << label << ": " << r.error;
      EXPECT_EQ((std::vector<std::int64_t>{r.grid.t, r.grid.h, r.grid.w}), want["grid"].get<std::vector<std::int64_t>>()) << label;
      EXPECT_EQ(fnv1a64(r.pixel_values.data(), r.pixel_values.size() * sizeof(float)), want["pixel_values_fnv"].get<std::string>())
          << label;
      ++checked;
    }
  }
  EXPECT_GE(checked, 50);
}

std::vector<std::vector<std::uint8_t>> batch_files(int n, std::uint32_t seed) {
  std::mt19937 rng(seed);
  std::vector<std::vector<std::uint8_t>> files;
  for (int i = 0; i < n; ++i) {
    if (i % 5 == 3) {
      files.push_back({'b', 'a', 'd'});  // one bad file per five
    } else {
      files.push_back(vl::testing::encode_png_rgb(vl::testing::noise_image(20 + static_cast<int>(rng() % 120),
                                                                           20 + static_cast<int>(rng() % 120), rng())));
    }
  }
  return files;
}

TEST(Pipeline, ThreadsOrderAndBatchingDoNotChangeAnyImage) {
  const auto data = batch_files(12, 5);
  std::vector<vl::File> files(data.begin(), data.end());
  vl::PreprocessOptions o;
  const auto table = vl::make_normalize_table(o.config);
  std::vector<vl::ImageResult> ref;
  for (auto f : files) ref.push_back(vl::preprocess_image(f, o, table));
  for (unsigned threads : {1u, 2u, 3u}) {
    for (vl::Isa isa : {vl::Isa::scalar, vl::Isa::avx2, vl::Isa::avx512}) {
      if (!vl::isa_supported(isa)) continue;
      const vl::BatchPipeline p(o, {threads, 3, 0, isa});
      const auto got = p.run(files);
      for (std::size_t i = 0; i < files.size(); ++i) {
        EXPECT_EQ(got[i].error, ref[i].error);
        EXPECT_EQ(got[i].pixel_values, ref[i].pixel_values) << i << " threads " << threads;
      }
      // Reversed order, and one image alone (row-split path).
      std::vector<vl::File> reversed(files.rbegin(), files.rend());
      const auto back = p.run(reversed);
      for (std::size_t i = 0; i < files.size(); ++i) EXPECT_EQ(back[files.size() - 1 - i].pixel_values, ref[i].pixel_values);
      const auto alone = p.run(std::span<const vl::File>(&files[1], 1));
      EXPECT_EQ(alone[0].pixel_values, ref[1].pixel_values);
    }
  }
  EXPECT_FALSE(ref[3].ok());
  EXPECT_EQ(ref[3].error, "not a PNG or JPEG file");
}

TEST(Pipeline, MemoryCeilingThrottlesInsteadOfGrowing) {
  const auto data = batch_files(16, 9);
  std::vector<vl::File> files(data.begin(), data.end());
  vl::PreprocessOptions o;
  std::int64_t largest = 0;
  for (auto f : files) largest = std::max(largest, vl::image_memory_estimate(f, o));
  vl::PipelineStats free_stats, tight_stats;
  const auto unlimited = vl::BatchPipeline(o, {2, 16, 0, vl::Isa::scalar}).run(files, &free_stats);
  const std::int64_t ceiling = largest + largest / 2;
  const auto tight = vl::BatchPipeline(o, {2, 16, ceiling, vl::Isa::scalar}).run(files, &tight_stats);
  EXPECT_LE(tight_stats.peak_bytes, ceiling);
  EXPECT_GT(tight_stats.throttled, 0);
  for (std::size_t i = 0; i < files.size(); ++i) EXPECT_EQ(tight[i].pixel_values, unlimited[i].pixel_values);
  // A ceiling below one image still completes: that image is admitted alone.
  vl::PipelineStats tiny_stats;
  const auto tiny = vl::BatchPipeline(o, {2, 16, 1, vl::Isa::scalar}).run(files, &tiny_stats);
  EXPECT_LE(tiny_stats.peak_bytes, largest);
  for (std::size_t i = 0; i < files.size(); ++i) EXPECT_EQ(tiny[i].pixel_values, unlimited[i].pixel_values);
}

TEST(Npy, HeaderIsNumpyFormat1) {
  const std::vector<float> v{1.f, 2.f, 3.f, 4.f, 5.f, 6.f};
  const std::string b = vl::npy_bytes(v, {2, 3});
  EXPECT_EQ(b.substr(0, 6), "\x93NUMPY");
  EXPECT_EQ((b.size() - v.size() * 4) % 64, 0u);
  EXPECT_NE(b.find("'shape': (2,3)"), std::string::npos);
  const std::vector<std::int64_t> g{1, 2, 3};
  EXPECT_NE(vl::npy_bytes(g, {1, 3}).find("'<i8'"), std::string::npos);
}

}  // namespace
