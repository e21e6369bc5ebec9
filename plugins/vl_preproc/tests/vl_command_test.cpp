// `crucible vl preprocess`: outputs on a PNG and a JPEG, one-line errors and exit codes.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>

#include <unistd.h>

#include <nlohmann/json.hpp>

#include "vl_preproc/tokenizer/bpe_tokenizer.hpp"

#include "vl_command.hpp"

namespace {

namespace fs = std::filesystem;

struct Run {
  int code;
  std::string out, err;
};

Run run(std::vector<std::string> args) {
  std::vector<const char*> argv;
  for (auto& a : args) argv.push_back(a.c_str());
  std::ostringstream out, err;
  const int code = vl_command(static_cast<int>(argv.size()), argv.data(), out, err);
  return {code, out.str(), err.str()};
}

std::string data(const std::string& name) { return std::string(VL_TEST_DATA) + "/" + name; }

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

TEST(VlCommand, PreprocessesAPngAndAJpeg) {
  const fs::path dir = fs::temp_directory_path() / ("vl_command_test_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  const auto r = run({"preprocess", data("rgb8_37x23.png"), data("rgb_45x29.jpg"), "--model", "qwen2.5", "--out", dir.string()});
  ASSERT_EQ(r.code, 0) << r.err;
  const auto meta = nlohmann::json::parse(slurp(dir / "preprocess.json"));
  ASSERT_EQ(meta["images"].size(), 2u);
  // 23 x 37 -> 56 x 84 (the min_pixels branch): a 4 x 6 grid.
  EXPECT_EQ(meta["images"][0]["image_grid_thw"], nlohmann::json::parse("[1, 4, 6]"));
  EXPECT_EQ(meta["images"][0]["image_pad_tokens"], 6);
  const std::int64_t rows = meta["pixel_values_shape"][0];
  EXPECT_EQ(rows, 24 + 24);
  const std::string pv = slurp(dir / "pixel_values.npy");
  EXPECT_EQ(pv.substr(0, 6), "\x93NUMPY");
  EXPECT_NE(pv.find("'shape': (48,1176)"), std::string::npos);
  EXPECT_EQ(pv.size() % 64, 0u);  // header padded to 64, rows * 1176 * 4 bytes of data
  EXPECT_NE(slurp(dir / "image_grid_thw.npy").find("'<i8'"), std::string::npos);
  fs::remove_all(dir);
}

TEST(VlCommand, CorruptFileIsOneLineAndExit2) {
  const fs::path dir = fs::temp_directory_path() / ("vl_command_bad_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const fs::path bad = dir / "bad.png";
  {
    const std::string png = slurp(data("rgb8_37x23.png"));
    std::ofstream(bad, std::ios::binary) << png.substr(0, png.size() / 2);
  }
  const auto r = run({"preprocess", bad.string(), "--out", (dir / "out").string()});
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  EXPECT_NE(r.err.find("bad.png"), std::string::npos);
  EXPECT_FALSE(fs::exists(dir / "out" / "pixel_values.npy"));
  const auto strip = run({"preprocess", data("strip_250x1.png"), "--out", (dir / "out").string()});
  EXPECT_EQ(strip.code, 2);
  EXPECT_NE(strip.err.find("absolute aspect ratio must be smaller than 200, got 250.0"), std::string::npos);
  fs::remove_all(dir);
}

TEST(VlCommand, TextBecomesIdsWithEachImagesPlaceholders) {
  const fs::path dir = fs::temp_directory_path() / ("vl_command_text_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  const std::string tok = std::string(VL_TOKENIZER_DATA) + "/small_tokenizer.json";
  const auto t = vl::tokenizer::BpeTokenizer::load(tok);
  const std::int32_t pad = *t.token_id("<|image_pad|>");
  const std::string text = "<|vision_start|><|image_pad|><|vision_end|>first, then <|vision_start|><|image_pad|><|vision_end|>";
  const auto r = run({"preprocess", data("rgb8_37x23.png"), data("rgb_45x29.jpg"), "--text", text, "--tokenizer", tok,
                      "--out", dir.string()});
  ASSERT_EQ(r.code, 0) << r.err;
  const auto doc = nlohmann::json::parse(slurp(dir / "input_ids.json"));
  const auto meta = nlohmann::json::parse(slurp(dir / "preprocess.json"));
  const std::vector<std::int64_t> ids = doc["input_ids"];
  // Each placeholder is expanded to its own image's count, in image order; the rest is the
  // tokenizer's encoding of the text.
  std::vector<std::int64_t> expected;
  int image = 0;
  for (const std::int32_t id : t.encode(text)) {
    if (id != pad) expected.push_back(id);
    else expected.insert(expected.end(), meta["images"][image++]["image_pad_tokens"].get<std::size_t>(), pad);
  }
  EXPECT_EQ(ids, expected);
  EXPECT_EQ(std::count(ids.begin(), ids.end(), pad),
            meta["images"][0]["image_pad_tokens"].get<int>() + meta["images"][1]["image_pad_tokens"].get<int>());
  // Without placeholders, one framed placeholder per image goes in front.
  const auto plain = run({"preprocess", data("rgb8_37x23.png"), "--text", "hello", "--tokenizer", tok, "--out", dir.string()});
  ASSERT_EQ(plain.code, 0) << plain.err;
  const std::vector<std::int64_t> p = nlohmann::json::parse(slurp(dir / "input_ids.json"))["input_ids"];
  EXPECT_EQ(p.front(), *t.token_id("<|vision_start|>"));
  // Wrong placeholder count, missing tokenizer, malformed tokenizer.json, invalid UTF-8: exit 2.
  EXPECT_EQ(run({"preprocess", data("rgb8_37x23.png"), "--text", "<|image_pad|><|image_pad|>", "--tokenizer", tok}).code, 2);
  EXPECT_EQ(run({"preprocess", data("rgb8_37x23.png"), "--text", "hi"}).code, 2);
  const fs::path broken = dir / "broken.json";
  std::ofstream(broken) << "{\"model\": [";
  const auto b = run({"preprocess", data("rgb8_37x23.png"), "--text", "hi", "--tokenizer", broken.string()});
  EXPECT_EQ(b.code, 2);
  EXPECT_EQ(std::count(b.err.begin(), b.err.end(), '\n'), 1) << b.err;
  EXPECT_EQ(run({"preprocess", data("rgb8_37x23.png"), "--text", "bad \xff", "--tokenizer", tok}).code, 2);
  fs::remove_all(dir);
}

TEST(VlCommand, UsageErrorsAndHelp) {
  EXPECT_EQ(run({"--help"}).code, 0);
  EXPECT_NE(run({"--help"}).out.find("vl preprocess IMAGE..."), std::string::npos);
  EXPECT_EQ(run({"preprocess", "--help"}).code, 0);
  EXPECT_EQ(run({}).code, 2);
  EXPECT_EQ(run({"preprocess"}).code, 2);
  EXPECT_EQ(run({"preprocess", data("rgb8_37x23.png"), "--model", "llama"}).code, 2);
  EXPECT_EQ(run({"preprocess", data("rgb8_37x23.png"), "--max-pixels", "x"}).code, 2);
  EXPECT_EQ(run({"preprocess", "/nonexistent.png"}).code, 2);
  EXPECT_EQ(run({"frobnicate"}).code, 2);
  // An --out that cannot be a folder is refused before any image is read, in one line.
  const auto blocked = run({"preprocess", data("rgb8_37x23.png"), "--out", "/dev/null/out"});
  EXPECT_EQ(blocked.code, 2);
  EXPECT_EQ(blocked.err, "vl preprocess: --out /dev/null/out: cannot create the folder: Not a directory\n");
  EXPECT_EQ(run({}).err, "vl: missing subcommand: preprocess (try --help)\n");
}

}  // namespace
