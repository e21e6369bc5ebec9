#pragma once
// The loaded, immutable model behind BpeTokenizer: vocabulary, merges keyed by id pair,
// added tokens, and the normalizer / pre-tokenizer settings read from tokenizer.json.
#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "vl_preproc/tokenizer/added_tokens.hpp"
#include "vl_preproc/tokenizer/pretokenizer.hpp"

namespace vl::tokenizer {

struct MergeRule {
  std::uint32_t rank = 0;
  std::int32_t merged = -1;
};

enum class IdKind : std::uint8_t { unused, regular, added, special };

struct BpeModel {
  std::string name;  // the file (or "<memory>") the model was read from
  // Token strings as tokenizer.json spells them (byte-level mapped), regular and added.
  std::unordered_map<std::string, std::int32_t> token_to_id;
  std::vector<std::string> id_bytes;  // what each id decodes to (raw bytes)
  std::vector<IdKind> id_kind;
  std::array<std::int32_t, 256> byte_id{};  // id of each single byte's token, -1 if none
  std::unordered_map<std::uint64_t, MergeRule> merges;  // key: (left id << 32) | right id
  bool ignore_merges = false;
  std::unordered_map<std::string, std::int32_t> bytes_to_id;  // only with ignore_merges

  AddedTokenMatcher raw_added;         // added tokens with normalized: false
  AddedTokenMatcher normalized_added;  // added tokens with normalized: true
  bool nfc = false;
  bool pre_tokenize = false;
  PreTokenizerConfig pre;
  std::uint64_t generation = 0;  // unique per load: keys the per-thread piece caches

  const MergeRule* find_merge(std::int32_t left, std::int32_t right) const {
    const auto it = merges.find((static_cast<std::uint64_t>(static_cast<std::uint32_t>(left)) << 32) | static_cast<std::uint32_t>(right));
    return it == merges.end() ? nullptr : &it->second;
  }
};

// BPE of one pre-tokenized piece (raw bytes): start from one symbol per byte, repeatedly merge
// the adjacent pair of lowest rank (leftmost on ties), as tokenizers' Word::merge_all does.
// Appends the ids to `out`. Bytes without a token are dropped (no unknown token).
void bpe_merge(const BpeModel& model, std::string_view piece, std::vector<std::int32_t>& out);

// The same result computed with a priority queue over a linked list (used for long pieces;
// exposed so tests can check the two agree).
void bpe_merge_heap(const BpeModel& model, std::string_view piece, std::vector<std::int32_t>& out);
void bpe_merge_scan(const BpeModel& model, std::string_view piece, std::vector<std::int32_t>& out);

// Parses tokenizer.json text; throws TokenizerError naming `name` and the offending key path.
BpeModel parse_tokenizer_json(std::string_view json_text, const std::string& name);

}  // namespace vl::tokenizer
