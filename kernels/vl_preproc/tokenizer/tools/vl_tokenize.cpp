// vl_tokenize: byte-level BPE tokenization with a Hugging Face tokenizer.json, from the
// command line. Encodes a text or a file of JSON-string lines, decodes ids, and measures
// encoding throughput (tokens per second) over a file of texts.
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "vl_preproc/tokenizer/batch_encode.hpp"
#include "vl_preproc/tokenizer/bpe_tokenizer.hpp"

namespace {

constexpr const char* kHelp = R"(usage: vl_tokenize --tokenizer FILE (--text TEXT | --input FILE | --decode IDS) [options]

Tokenizes with a Hugging Face tokenizer.json (byte-level BPE: NFC, the Qwen2 pre-tokenizer
regex, merges by rank, added tokens matched first).

  --tokenizer FILE   tokenizer.json to load (required)
  --text TEXT        encode TEXT; prints its ids as a JSON array
  --input FILE       encode each line of FILE, a JSON string per line; prints one JSON array of
                     ids per line ({"error": "..."} for a text that cannot be encoded)
  --decode IDS       decode comma-separated ids; prints the text
  --threads N        threads for --input and --bench (default 1; 0 = all cores)
  --bench SECONDS    with --input: encode all lines repeatedly for SECONDS (after one warm-up
                     pass) and print {"tokens_per_s", "texts_per_s", "tokens", "threads"} as JSON
  --help             this text

exit codes: 0 success, 2 bad usage or input (a malformed tokenizer.json, invalid UTF-8)
)";

[[noreturn]] void usage_error(const std::string& message) {
  std::fprintf(stderr, "vl_tokenize: %s (see --help)\n", message.c_str());
  std::exit(2);
}

std::vector<std::string> read_lines(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) usage_error("cannot open " + path);
  std::vector<std::string> texts;
  std::string line;
  std::size_t number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (line.empty()) continue;
    try {
      const auto v = nlohmann::json::parse(line);
      if (!v.is_string()) throw std::runtime_error("expected a JSON string");
      texts.push_back(v.get<std::string>());
    } catch (const std::exception& e) {
      usage_error(path + ":" + std::to_string(number) + ": " + e.what());
    }
  }
  return texts;
}

}  // namespace

int main(int argc, char** argv) {
  std::string tokenizer_path, text, input, decode;
  bool have_text = false, have_decode = false;
  unsigned threads = 1;
  double bench_seconds = -1;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) usage_error(a + " needs a value");
      return argv[++i];
    };
    if (a == "--help" || a == "-h") {
      std::fputs(kHelp, stdout);
      return 0;
    } else if (a == "--tokenizer") {
      tokenizer_path = value();
    } else if (a == "--text") {
      text = value();
      have_text = true;
    } else if (a == "--input") {
      input = value();
    } else if (a == "--decode") {
      decode = value();
      have_decode = true;
    } else if (a == "--threads") {
      const std::string v = value();
      try {
        std::size_t used = 0;
        const unsigned long n = std::stoul(v, &used);
        if (used != v.size() || n > 1024) throw std::out_of_range(v);
        threads = static_cast<unsigned>(n);
      } catch (const std::exception&) {
        usage_error("--threads: expected a count 0..1024, got \"" + v + "\"");
      }
    } else if (a == "--bench") {
      const std::string v = value();
      try {
        std::size_t used = 0;
        bench_seconds = std::stod(v, &used);
        if (used != v.size() || !(bench_seconds > 0 && bench_seconds <= 3600)) throw std::out_of_range(v);
      } catch (const std::exception&) {
        usage_error("--bench: expected seconds in (0, 3600], got \"" + v + "\"");
      }
    } else {
      usage_error("unknown argument \"" + a + "\"");
    }
  }
  if (tokenizer_path.empty()) usage_error("--tokenizer FILE is required");
  if (static_cast<int>(have_text) + static_cast<int>(!input.empty()) + static_cast<int>(have_decode) != 1)
    usage_error("give exactly one of --text, --input, --decode");
  if (bench_seconds > 0 && input.empty()) usage_error("--bench needs --input");

  try {
    const auto tok = vl::tokenizer::BpeTokenizer::load(tokenizer_path);
    if (have_text) {
      std::cout << nlohmann::json(tok.encode(text)).dump() << "\n";
      return 0;
    }
    if (have_decode) {
      std::vector<std::int32_t> ids;
      std::size_t pos = 0;
      while (pos < decode.size()) {
        const std::size_t comma = std::min(decode.find(',', pos), decode.size());
        const std::string item = decode.substr(pos, comma - pos);
        try {
          std::size_t used = 0;
          const long v = std::stol(item, &used);
          if (used != item.size() || v < 0 || v > INT32_MAX) throw std::out_of_range(item);
          ids.push_back(static_cast<std::int32_t>(v));
        } catch (const std::exception&) {
          usage_error("--decode: \"" + item + "\" is not an id");
        }
        pos = comma + 1;
      }
      std::cout << tok.decode(ids) << "\n";
      return 0;
    }
    const std::vector<std::string> lines = read_lines(input);
    const std::vector<std::string_view> texts(lines.begin(), lines.end());
    if (bench_seconds > 0) {
      using clock = std::chrono::steady_clock;
      std::size_t tokens_per_pass = 0;
      for (const auto& r : vl::tokenizer::encode_batch(tok, texts, threads)) tokens_per_pass += r.ids.size();
      std::size_t passes = 0;
      const auto start = clock::now();
      double elapsed = 0;
      do {
        const auto results = vl::tokenizer::encode_batch(tok, texts, threads);
        ++passes;
        elapsed = std::chrono::duration<double>(clock::now() - start).count();
      } while (elapsed < bench_seconds);
      nlohmann::json out = {{"tokens_per_s", static_cast<double>(tokens_per_pass * passes) / elapsed},
                            {"texts_per_s", static_cast<double>(texts.size() * passes) / elapsed},
                            {"tokens", tokens_per_pass},
                            {"texts", texts.size()},
                            {"passes", passes},
                            {"seconds", elapsed},
                            {"threads", threads}};
      std::cout << out.dump() << "\n";
      return 0;
    }
    for (const auto& r : vl::tokenizer::encode_batch(tok, texts, threads)) {
      if (r.ok())
        std::cout << nlohmann::json(r.ids).dump() << "\n";
      else
        std::cout << nlohmann::json({{"error", r.error}}).dump() << "\n";
    }
    return 0;
  } catch (const vl::tokenizer::TokenizerError& e) {
    std::fprintf(stderr, "vl_tokenize: %s\n", e.what());
    return 2;
  }
}
