#pragma once
// Byte-level BPE tokenizer loaded from a Hugging Face tokenizer.json (Qwen2 family: NFC, the
// Qwen2 Split regex, ByteLevel, BPE merges by rank, added tokens matched first). Encoding
// order: added-token split (leftmost-longest) → NFC on the text between added tokens → regex
// pieces → bytes → BPE per piece → ids. The model is immutable after load; copies share it,
// and encode/decode may be called from any number of threads at once.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "vl_preproc/tokenizer/tokenizer_error.hpp"

namespace vl::tokenizer {

struct BpeModel;

class BpeTokenizer {
 public:
  // Reads and validates tokenizer.json; throws TokenizerError naming the file and what is
  // wrong (a JSON byte offset, or the key path such as model.merges[12]).
  static BpeTokenizer load(const std::filesystem::path& path);
  static BpeTokenizer from_json(std::string_view json_text, const std::string& name = "<memory>");

  // Token ids of UTF-8 `text`; throws Utf8Error (with the byte offset) for invalid UTF-8.
  std::vector<std::int32_t> encode(std::string_view text) const;
  // Appends the ids to `out` (nothing is appended when it throws).
  void encode_append(std::string_view text, std::vector<std::int32_t>& out) const;

  // Text of `ids`: token bytes concatenated, invalid UTF-8 replaced by U+FFFD. Special tokens
  // are kept unless `skip_special`. Throws TokenizerError for an id the tokenizer lacks.
  std::string decode(std::span<const std::int32_t> ids, bool skip_special = false) const;

  // Id of a token as tokenizer.json spells it ("Ġworld", "<|image_pad|>").
  std::optional<std::int32_t> token_id(std::string_view token) const;
  // One past the largest id.
  std::size_t id_count() const;
  const std::string& source() const;

 private:
  explicit BpeTokenizer(std::shared_ptr<const BpeModel> model) : model_(std::move(model)) {}
  std::shared_ptr<const BpeModel> model_;
};

}  // namespace vl::tokenizer
