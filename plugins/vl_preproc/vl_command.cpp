#include "vl_command.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include <crucible/atomic_file.hpp>
#include <crucible/command_errors.hpp>

#include "vl_preproc/npy.hpp"
#include "vl_preproc/pipeline.hpp"
#include "vl_preproc/placeholders.hpp"
#include "vl_preproc/tokenizer/bpe_tokenizer.hpp"

namespace {

constexpr const char* kUsage =
    "usage: vl preprocess IMAGE... [--model qwen2|qwen2.5|qwen3] [--out DIR]\n"
    "                     [--min-pixels N] [--max-pixels N] [--threads N]\n"
    "                     [--text TEXT --tokenizer tokenizer.json]\n"
    "\n"
    "Preprocesses PNG and JPEG images as the Qwen-VL image processor (transformers, PIL\n"
    "backend) does: RGB conversion (transparency composited onto white), smart_resize,\n"
    "Pillow BICUBIC, rescale and normalize, patches of 2 temporal copies. Writes to DIR\n"
    "(default: .):\n"
    "  pixel_values.npy    float32 [rows, 1176] (qwen2, qwen2.5) or [rows, 1536] (qwen3)\n"
    "  image_grid_thw.npy  int64 [images, 3]\n"
    "  preprocess.json     per image: file, grid, resized size, <|image_pad|> count\n"
    "  input_ids.json      with --text: the token ids, as the processor gives them: TEXT\n"
    "                      encoded by the byte-level BPE of tokenizer.json (a Hugging Face\n"
    "                      file), each <|image_pad|> in it expanded to its image's count in\n"
    "                      image order. TEXT without <|image_pad|> gets one\n"
    "                      <|vision_start|><|image_pad|><|vision_end|> per image in front.\n"
    "Defaults are the hub configs: qwen2/qwen2.5 min 3136 max 12845056 pixels, qwen3 min\n"
    "65536 max 16777216. A file that cannot be preprocessed is reported on stderr, one line\n"
    "each, and nothing is written (exit 2).\n";

using crucible::InputError;
using crucible::UsageError;

std::int64_t parse_count(const std::string& flag, const std::string& v) {
  std::int64_t n = 0;
  auto [ptr, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
  if (ec != std::errc{} || ptr != v.data() + v.size() || n < 0) {
    throw UsageError(flag + ": not a non-negative integer: '" + v + "'");
  }
  return n;
}

std::vector<std::uint8_t> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path + ": cannot open: " + std::strerror(errno));
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

int preprocess(int argc, const char* const* argv, std::ostream& out, std::ostream& err) {
  std::vector<std::string> paths;
  std::string model = "qwen2", dir = ".";
  std::int64_t min_pixels = -1, max_pixels = -1, threads = 0;
  std::optional<std::string> text;
  std::string tokenizer_file;
  for (int k = 1; k < argc; ++k) {
    const std::string arg = argv[k];
    auto value = [&]() -> std::string {
      if (k + 1 >= argc) throw UsageError(arg + " needs a value");
      return argv[++k];
    };
    if (arg == "--model") model = value();
    else if (arg == "--out") dir = value();
    else if (arg == "--min-pixels") min_pixels = parse_count(arg, value());
    else if (arg == "--max-pixels") max_pixels = parse_count(arg, value());
    else if (arg == "--threads") threads = parse_count(arg, value());
    else if (arg == "--text") text = value();
    else if (arg == "--tokenizer") tokenizer_file = value();
    else if (arg.starts_with("--")) throw UsageError("unknown option " + arg + " (try --help)");
    else paths.push_back(arg);
  }
  if (paths.empty()) throw UsageError("no images given (try --help)");
  if (text && tokenizer_file.empty()) throw UsageError("--text needs --tokenizer tokenizer.json");
  if (!text && !tokenizer_file.empty()) throw UsageError("--tokenizer is used with --text");
  // The tokenizer and the text are checked before any image is decoded.
  std::optional<vl::tokenizer::BpeTokenizer> tokenizer;
  std::vector<std::int32_t> text_ids;
  std::int32_t pad_id = 0;
  if (text) try {
    tokenizer = vl::tokenizer::BpeTokenizer::load(tokenizer_file);
    const auto pad = tokenizer->token_id("<|image_pad|>");
    const auto start = tokenizer->token_id("<|vision_start|>"), end = tokenizer->token_id("<|vision_end|>");
    if (!pad || !start || !end)
      throw vl::tokenizer::TokenizerError(tokenizer_file +
                                          ": has no <|image_pad|>, <|vision_start|> or <|vision_end|> token: not a "
                                          "Qwen-VL tokenizer");
    pad_id = *pad;
    if (text->find("<|image_pad|>") == std::string::npos) {
      std::string framed;
      for (std::size_t i = 0; i < paths.size(); ++i) framed += "<|vision_start|><|image_pad|><|vision_end|>";
      text = framed + *text;
    }
    text_ids = tokenizer->encode(*text);
    const auto pads = std::count(text_ids.begin(), text_ids.end(), pad_id);
    if (static_cast<std::size_t>(pads) != paths.size())
      throw UsageError("--text has " + std::to_string(pads) + " <|image_pad|> placeholder(s) for " +
                       std::to_string(paths.size()) + " image(s)");
  } catch (const vl::tokenizer::TokenizerError& e) {
    throw crucible::InputError(e.what());  // a malformed tokenizer.json or text that is not UTF-8
  }
  const auto m = vl::parse_model(model);
  if (!m) throw UsageError("--model must be qwen2, qwen2.5 or qwen3, got '" + model + "'");
  vl::PreprocessOptions options;
  options.config = vl::model_config(*m);
  if (min_pixels >= 0) options.config.min_pixels = min_pixels;
  if (max_pixels >= 0) options.config.max_pixels = max_pixels;
  if (options.config.max_pixels < 1) throw UsageError("--max-pixels must be at least 1");
  if (options.config.min_pixels > options.config.max_pixels) throw UsageError("--min-pixels exceeds --max-pixels");

  // The output folder is checked before any image is read: one that cannot be made is the
  // command line's fault, not found after the work is done.
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec || !std::filesystem::is_directory(dir)) {
    throw UsageError("--out " + dir + ": cannot create the folder" + (ec ? ": " + ec.message() : std::string(" (a file is in the way)")));
  }

  std::vector<std::vector<std::uint8_t>> data;
  for (const auto& p : paths) data.push_back(read_file(p));
  const std::vector<vl::File> files(data.begin(), data.end());
  vl::PipelineOptions pipe;
  pipe.threads = threads > 0 ? static_cast<unsigned>(threads) : std::max(1u, std::thread::hardware_concurrency());
  pipe.isa = vl::best_isa();
  const auto results = vl::BatchPipeline(options, pipe).run(files);

  int bad = 0;
  for (std::size_t i = 0; i < results.size(); ++i) {
    if (!results[i].ok()) {
      err << "vl preprocess: " << paths[i] << ": " << results[i].error << '\n';
      ++bad;
    }
  }
  if (bad) return crucible::exit_code::usage;  // each bad image named above; nothing written

  std::vector<float> pixels;
  std::vector<std::int64_t> grids;
  nlohmann::json meta = {{"model", vl::model_name(*m)},
                         {"min_pixels", options.config.min_pixels},
                         {"max_pixels", options.config.max_pixels},
                         {"images", nlohmann::json::array()}};
  std::int64_t rows = 0;
  for (std::size_t i = 0; i < results.size(); ++i) {
    const auto& r = results[i];
    pixels.insert(pixels.end(), r.pixel_values.begin(), r.pixel_values.end());
    grids.insert(grids.end(), {r.grid.t, r.grid.h, r.grid.w});
    rows += r.grid.rows();
    meta["images"].push_back({{"file", paths[i]},
                              {"source_size", {r.source_height, r.source_width}},
                              {"resized_size", {r.resized.height, r.resized.width}},
                              {"image_grid_thw", {r.grid.t, r.grid.h, r.grid.w}},
                              {"image_pad_tokens", vl::placeholder_count(r.grid, options.config.merge_size)}});
  }
  meta["pixel_values_shape"] = {rows, options.config.row_width()};
  const std::filesystem::path d(dir);
  crucible::write_file_atomically((d / "pixel_values.npy").string(), vl::npy_bytes(pixels, {rows, options.config.row_width()}));
  crucible::write_file_atomically((d / "image_grid_thw.npy").string(),
                                  vl::npy_bytes(grids, {static_cast<std::int64_t>(results.size()), 3}));
  crucible::write_file_atomically((d / "preprocess.json").string(), meta.dump(2) + "\n");
  if (text) {
    // The processor's expansion: the k-th <|image_pad|> becomes image k's count of copies.
    std::vector<std::int64_t> ids;
    std::size_t image = 0;
    for (const std::int32_t id : text_ids) {
      if (id != pad_id) {
        ids.push_back(id);
        continue;
      }
      ids.insert(ids.end(), static_cast<std::size_t>(vl::placeholder_count(results[image++].grid, options.config.merge_size)),
                 pad_id);
    }
    const nlohmann::json doc = {{"tokenizer", tokenizer_file}, {"text", *text}, {"image_pad_id", pad_id},
                                {"length", ids.size()}, {"input_ids", ids}};
    crucible::write_file_atomically((d / "input_ids.json").string(), doc.dump() + "\n");
    out << "wrote " << (d / "input_ids.json").string() << ", " << ids.size() << " ids\n";
  }
  out << "wrote " << (d / "pixel_values.npy").string() << " [" << rows << ", " << options.config.row_width() << "], "
      << results.size() << " image" << (results.size() == 1 ? "" : "s") << '\n';
  return crucible::exit_code::ok;
}

}  // namespace

int vl_command(int argc, const char* const* argv, std::ostream& out, std::ostream& err) {
  const std::string sub = argc > 0 && argv[0] ? argv[0] : "";
  // Uncaught errors go through the harness's one table: a bad command line or image exits 2,
  // anything else (memory, a failed write) 3.
  return crucible::run_command(sub.empty() ? "vl" : "vl " + sub, err, [&] {
    if (sub.empty()) throw UsageError("missing subcommand: preprocess (try --help)");
    if (sub == "--help" || sub == "-h" || sub == "help") {
      out << kUsage;
      return crucible::exit_code::ok;
    }
    for (int k = 1; k < argc; ++k) {
      const std::string arg = argv[k];
      if (arg == "--help" || arg == "-h") {
        out << kUsage;
        return crucible::exit_code::ok;
      }
    }
    if (sub != "preprocess") throw UsageError("unknown subcommand '" + sub + "' (try --help)");
    return preprocess(argc, argv, out, err);
  });
}

int vl_command(int argc, const char* const* argv) { return vl_command(argc, argv, std::cout, std::cerr); }
