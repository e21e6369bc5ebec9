#pragma once
// The committed fixtures: a small byte-level BPE trained by Hugging Face tokenizers with the
// Qwen2 pipeline, the corpus, and tokenizers' ids for the corpus.
#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace vl::tokenizer::test {

inline std::string read_file(const std::string& name) {
  std::ifstream in(std::string(VL_TOKENIZER_TEST_DATA) + "/" + name, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

inline std::string small_tokenizer_path() { return std::string(VL_TOKENIZER_TEST_DATA) + "/small_tokenizer.json"; }

inline std::vector<nlohmann::json> read_json_lines(const std::string& name) {
  std::istringstream in(read_file(name));
  std::vector<nlohmann::json> out;
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) out.push_back(nlohmann::json::parse(line));
  return out;
}

inline std::vector<std::string> corpus() {
  std::vector<std::string> out;
  for (const auto& j : read_json_lines("corpus.jsonl")) out.push_back(j.get<std::string>());
  return out;
}

}  // namespace vl::tokenizer::test
