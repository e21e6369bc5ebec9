// `crucible vl preprocess`: outputs on a PNG and a JPEG, one-line errors and exit codes.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>

#include <unistd.h>

#include <nlohmann/json.hpp>

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
