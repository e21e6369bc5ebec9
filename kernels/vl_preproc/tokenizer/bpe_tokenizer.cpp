#include "vl_preproc/tokenizer/bpe_tokenizer.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>

#include "vl_preproc/tokenizer/bpe_model.hpp"
#include "vl_preproc/tokenizer/unicode_text.hpp"
#include "vl_preproc/tokenizer/utf8.hpp"

namespace vl::tokenizer {
namespace {

struct StringHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

// Per-thread cache of piece → ids, cleared when it fills or another model is used.
struct PieceCache {
  static constexpr std::size_t kCapacity = 16384;
  static constexpr std::size_t kMaxPiece = 128;  // longer pieces are not cached
  std::uint64_t generation = 0;
  std::unordered_map<std::string, std::vector<std::int32_t>, StringHash, std::equal_to<>> entries;
};

void encode_piece(const BpeModel& m, std::string_view piece, std::vector<std::int32_t>& out) {
  if (piece.size() == 1) {
    const std::int32_t id = m.byte_id[static_cast<unsigned char>(piece[0])];
    if (id >= 0) out.push_back(id);
    return;
  }
  if (piece.size() > PieceCache::kMaxPiece) {
    bpe_merge(m, piece, out);
    return;
  }
  thread_local PieceCache cache;
  if (cache.generation != m.generation) {
    cache.entries.clear();
    cache.generation = m.generation;
  }
  if (const auto it = cache.entries.find(piece); it != cache.entries.end()) {
    out.insert(out.end(), it->second.begin(), it->second.end());
    return;
  }
  const std::size_t first = out.size();
  bpe_merge(m, piece, out);
  if (cache.entries.size() >= PieceCache::kCapacity) cache.entries.clear();
  cache.entries.emplace(std::string(piece), std::vector<std::int32_t>(out.begin() + static_cast<std::ptrdiff_t>(first), out.end()));
}

void encode_normalized(const BpeModel& m, std::string_view text, std::vector<std::int32_t>& out) {
  if (!m.pre_tokenize) {
    encode_piece(m, text, out);
    return;
  }
  thread_local std::vector<std::pair<std::size_t, std::size_t>> pieces;
  pieces.clear();
  pre_tokenize(text, m.pre, pieces);
  for (const auto& [b, e] : pieces) encode_piece(m, text.substr(b, e - b), out);
}

void encode_plain(const BpeModel& m, std::string_view segment, std::vector<std::int32_t>& out) {
  std::string normalized;
  const std::string_view text = (m.nfc && nfc_if_needed(segment, normalized)) ? std::string_view(normalized) : segment;
  if (m.normalized_added.empty()) {
    encode_normalized(m, text, out);
    return;
  }
  std::vector<AddedTokenMatcher::Segment> parts;
  m.normalized_added.split(text, parts);
  for (const auto& p : parts) {
    if (p.id >= 0)
      out.push_back(p.id);
    else
      encode_normalized(m, text.substr(p.begin, p.end - p.begin), out);
  }
}

}  // namespace

BpeTokenizer BpeTokenizer::load(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw TokenizerError(path.string() + ": cannot open: " + std::strerror(errno));
  std::ostringstream buf;
  buf << in.rdbuf();
  if (in.bad()) throw TokenizerError(path.string() + ": read error");
  return from_json(buf.str(), path.string());
}

BpeTokenizer BpeTokenizer::from_json(std::string_view json_text, const std::string& name) {
  return BpeTokenizer(std::make_shared<const BpeModel>(parse_tokenizer_json(json_text, name)));
}

std::vector<std::int32_t> BpeTokenizer::encode(std::string_view text) const {
  std::vector<std::int32_t> out;
  out.reserve(text.size() / 3 + 4);
  encode_append(text, out);
  return out;
}

void BpeTokenizer::encode_append(std::string_view text, std::vector<std::int32_t>& out) const {
  if (const auto bad = first_invalid_utf8(text)) {
    char hex[8];
    std::snprintf(hex, sizeof hex, "0x%02X", static_cast<unsigned>(static_cast<unsigned char>(text[*bad])));
    throw Utf8Error("invalid UTF-8 at byte " + std::to_string(*bad) + " (" + hex + ")", *bad);
  }
  const BpeModel& m = *model_;
  const std::size_t first = out.size();
  try {
    if (m.raw_added.empty()) {
      encode_plain(m, text, out);
      return;
    }
    std::vector<AddedTokenMatcher::Segment> segments;
    m.raw_added.split(text, segments);
    for (const auto& s : segments) {
      if (s.id >= 0)
        out.push_back(s.id);
      else
        encode_plain(m, text.substr(s.begin, s.end - s.begin), out);
    }
  } catch (...) {
    out.resize(first);
    throw;
  }
}

std::string BpeTokenizer::decode(std::span<const std::int32_t> ids, bool skip_special) const {
  const BpeModel& m = *model_;
  std::string bytes;
  for (const std::int32_t id : ids) {
    const auto i = static_cast<std::size_t>(id);
    if (id < 0 || i >= m.id_kind.size() || m.id_kind[i] == IdKind::unused)
      throw TokenizerError(m.name + ": decode: id " + std::to_string(id) + " is not in the vocabulary");
    if (skip_special && m.id_kind[i] == IdKind::special) continue;
    bytes += m.id_bytes[i];
  }
  return utf8_lossy(bytes);
}

std::optional<std::int32_t> BpeTokenizer::token_id(std::string_view token) const {
  const auto it = model_->token_to_id.find(std::string(token));
  if (it == model_->token_to_id.end()) return std::nullopt;
  return it->second;
}

std::size_t BpeTokenizer::id_count() const { return model_->id_kind.size(); }
const std::string& BpeTokenizer::source() const { return model_->name; }

}  // namespace vl::tokenizer
