// tokenizer.json (Hugging Face tokenizers' serialization) → BpeModel. What is accepted: a BPE
// model over a byte-level alphabet, the NFC normalizer (or none), and the Qwen2 / cl100k Split
// regex followed by ByteLevel; anything else is refused naming the key and what was found, so
// a file is never tokenized with semantics it does not ask for.
#include <nlohmann/json.hpp>

#include <atomic>
#include <limits>

#include "vl_preproc/tokenizer/bpe_model.hpp"
#include "vl_preproc/tokenizer/byte_level.hpp"
#include "vl_preproc/tokenizer/tokenizer_error.hpp"

namespace vl::tokenizer {
namespace {

using nlohmann::json;

// Ids size the id tables, so they must stay near the number of entries: at most this many
// ids may be unused (and never more than 2^24 ids in all).
constexpr std::int64_t kMaxUnusedIds = 65536;
constexpr std::int64_t kMaxId = (std::int64_t{1} << 24) - 1;

class Loader {
 public:
  explicit Loader(const std::string& name) : name_(name) {}

  void limit_ids(const json& root) {
    std::int64_t entries = 0;
    if (const auto m = root.find("model"); m != root.end() && m->is_object())
      if (const auto v = m->find("vocab"); v != m->end() && v->is_object()) entries += static_cast<std::int64_t>(v->size());
    if (const auto a = root.find("added_tokens"); a != root.end() && a->is_array()) entries += static_cast<std::int64_t>(a->size());
    max_id_ = std::min(kMaxId, entries + kMaxUnusedIds - 1);
  }

  [[noreturn]] void fail(const std::string& path, const std::string& what) const {
    throw TokenizerError(name_ + ": " + path + ": " + what);
  }

  static std::string kind(const json& v) { return v.type_name(); }

  const json& member(const json& obj, const std::string& path, const char* key) const {
    const auto it = obj.find(key);
    if (it == obj.end()) fail(path, std::string("missing key \"") + key + "\"");
    return *it;
  }
  // A member that may be absent or null.
  const json* optional(const json& obj, const char* key) const {
    const auto it = obj.find(key);
    return (it == obj.end() || it->is_null()) ? nullptr : &*it;
  }
  const json& object(const json& v, const std::string& path) const {
    if (!v.is_object()) fail(path, "expected an object, found " + kind(v));
    return v;
  }
  const std::string& string(const json& v, const std::string& path) const {
    if (!v.is_string()) fail(path, "expected a string, found " + kind(v));
    return v.get_ref<const std::string&>();
  }
  bool boolean(const json& v, const std::string& path) const {
    if (!v.is_boolean()) fail(path, "expected true or false, found " + kind(v));
    return v.get<bool>();
  }
  std::int32_t id(const json& v, const std::string& path) const {
    if (!v.is_number_integer()) fail(path, "expected an integer id, found " + kind(v));
    const std::int64_t i = v.is_number_unsigned() ? static_cast<std::int64_t>(std::min<std::uint64_t>(v.get<std::uint64_t>(), kMaxId + 1)) : v.get<std::int64_t>();
    if (i < 0 || i > max_id_) fail(path, "id " + v.dump() + " out of range [0, " + std::to_string(max_id_) + "]");
    return static_cast<std::int32_t>(i);
  }
  std::string type_of(const json& v, const std::string& path) const { return string(member(object(v, path), path, "type"), path + ".type"); }

  void set_id(BpeModel& m, std::int32_t id, const std::string& token, IdKind kind) const {
    const auto i = static_cast<std::size_t>(id);
    if (m.id_bytes.size() <= i) {
      m.id_bytes.resize(i + 1);
      m.id_kind.resize(i + 1, IdKind::unused);
    }
    m.id_bytes[i] = token_to_bytes(token);
    m.id_kind[i] = kind;
  }

  void model(const json& root, BpeModel& m) const {
    const json& model = object(member(root, "(root)", "model"), "model");
    if (const json* t = optional(model, "type"); t && string(*t, "model.type") != "BPE")
      fail("model.type", "\"" + t->get<std::string>() + "\" is not supported (only \"BPE\")");
    if (const json* d = optional(model, "dropout"); d && !(d->is_number() && d->get<double>() == 0.0))
      fail("model.dropout", "only null is supported (dropout makes encoding random), found " + d->dump());
    if (const json* u = optional(model, "unk_token"))
      fail("model.unk_token", "only null is supported (a byte-level BPE needs no unknown token), found " + u->dump());
    if (const json* b = optional(model, "byte_fallback"); b && boolean(*b, "model.byte_fallback"))
      fail("model.byte_fallback", "true is not supported");
    for (const char* key : {"continuing_subword_prefix", "end_of_word_suffix"}) {
      if (const json* s = optional(model, key); s && !string(*s, std::string("model.") + key).empty())
        fail(std::string("model.") + key, "only \"\" or null is supported, found " + s->dump());
    }
    if (const json* g = optional(model, "ignore_merges")) m.ignore_merges = boolean(*g, "model.ignore_merges");

    const json& vocab = member(model, "model", "vocab");
    if (!vocab.is_object()) fail("model.vocab", "expected an object of token → id, found " + kind(vocab));
    m.token_to_id.reserve(vocab.size() * 2);
    for (auto it = vocab.begin(); it != vocab.end(); ++it) {
      const std::string path = "model.vocab[" + json(it.key()).dump() + "]";
      const std::int32_t i = id(it.value(), path);
      if (static_cast<std::size_t>(i) < m.id_kind.size() && m.id_kind[static_cast<std::size_t>(i)] != IdKind::unused)
        fail(path, "id " + std::to_string(i) + " is used twice");
      m.token_to_id.emplace(it.key(), i);
      set_id(m, i, it.key(), IdKind::regular);
    }
    m.byte_id.fill(-1);
    for (int b = 0; b < 256; ++b) {
      std::string ch;
      const char32_t c = byte_to_unicode(static_cast<unsigned char>(b));
      // One code point, UTF-8 encoded, is the vocabulary key of a single byte.
      if (c < 0x80) {
        ch.push_back(static_cast<char>(c));
      } else {
        ch.push_back(static_cast<char>(0xC0 | (c >> 6)));
        ch.push_back(static_cast<char>(0x80 | (c & 0x3F)));
      }
      if (const auto f = m.token_to_id.find(ch); f != m.token_to_id.end()) m.byte_id[static_cast<std::size_t>(b)] = f->second;
    }
    if (m.ignore_merges) {
      for (const auto& [token, i] : m.token_to_id) m.bytes_to_id.emplace(token_to_bytes(token), i);
    }

    const json& merges = member(model, "model", "merges");
    if (!merges.is_array()) fail("model.merges", "expected an array, found " + kind(merges));
    m.merges.reserve(merges.size() * 2);
    std::uint32_t rank = 0;
    for (std::size_t k = 0; k < merges.size(); ++k) {
      const std::string path = "model.merges[" + std::to_string(k) + "]";
      const json& e = merges[k];
      std::string left, right;
      if (e.is_string()) {
        const std::string& s = e.get_ref<const std::string&>();
        if (s.rfind("#version", 0) == 0) continue;
        const auto space = s.find(' ');
        if (space == std::string::npos || s.find(' ', space + 1) != std::string::npos)
          fail(path, "expected \"left right\" (two tokens separated by one space), found " + e.dump());
        left = s.substr(0, space);
        right = s.substr(space + 1);
      } else if (e.is_array() && e.size() == 2 && e[0].is_string() && e[1].is_string()) {
        left = e[0].get<std::string>();
        right = e[1].get<std::string>();
      } else {
        fail(path, "expected a string \"left right\" or a pair [\"left\", \"right\"], found " + e.dump());
      }
      const auto l = m.token_to_id.find(left);
      if (l == m.token_to_id.end()) fail(path, json(left).dump() + " is not in model.vocab");
      const auto r = m.token_to_id.find(right);
      if (r == m.token_to_id.end()) fail(path, json(right).dump() + " is not in model.vocab");
      const auto merged = m.token_to_id.find(left + right);
      if (merged == m.token_to_id.end()) fail(path, "the merged token " + json(left + right).dump() + " is not in model.vocab");
      const std::uint64_t key = (static_cast<std::uint64_t>(static_cast<std::uint32_t>(l->second)) << 32) | static_cast<std::uint32_t>(r->second);
      // A repeated pair keeps its first (lowest) rank.
      m.merges.emplace(key, MergeRule{rank++, merged->second});
    }
  }

  void added_tokens(const json& root, BpeModel& m) const {
    const json* added = optional(root, "added_tokens");
    if (!added) return;
    if (!added->is_array()) fail("added_tokens", "expected an array, found " + kind(*added));
    for (std::size_t k = 0; k < added->size(); ++k) {
      const std::string path = "added_tokens[" + std::to_string(k) + "]";
      const json& t = object((*added)[k], path);
      const std::int32_t i = id(member(t, path, "id"), path + ".id");
      const std::string& content = string(member(t, path, "content"), path + ".content");
      if (content.empty()) fail(path + ".content", "an added token cannot be empty");
      const json* sp = optional(t, "special");
      const bool special = sp && boolean(*sp, path + ".special");
      const json* nz = optional(t, "normalized");
      const bool normalized = nz ? boolean(*nz, path + ".normalized") : !special;
      for (const char* key : {"lstrip", "rstrip", "single_word"}) {
        if (const json* f = optional(t, key); f && boolean(*f, path + "." + key))
          fail(path + "." + key, "true is not supported");
      }
      m.token_to_id[content] = i;
      set_id(m, i, content, special ? IdKind::special : IdKind::added);
      (normalized ? m.normalized_added : m.raw_added).add(content, i);
    }
  }

  void normalizer(const json& root, BpeModel& m) const {
    const json* n = optional(root, "normalizer");
    if (!n) return;
    const std::string type = type_of(*n, "normalizer");
    if (type == "NFC") {
      m.nfc = true;
      return;
    }
    if (type == "Sequence") {
      const json& list = member(*n, "normalizer", "normalizers");
      if (!list.is_array()) fail("normalizer.normalizers", "expected an array, found " + kind(list));
      for (std::size_t k = 0; k < list.size(); ++k) {
        const std::string path = "normalizer.normalizers[" + std::to_string(k) + "]";
        const std::string t = type_of(list[k], path);
        if (t != "NFC") fail(path + ".type", "\"" + t + "\" is not supported (only NFC)");
        m.nfc = true;
      }
      return;
    }
    fail("normalizer.type", "\"" + type + "\" is not supported (only NFC, or null)");
  }

  void byte_level(const json& v, const std::string& path, bool allow_regex) const {
    if (const json* a = optional(v, "add_prefix_space"); a && boolean(*a, path + ".add_prefix_space"))
      fail(path + ".add_prefix_space", "true is not supported");
    if (!allow_regex) {
      const json* r = optional(v, "use_regex");
      if (!r || boolean(*r, path + ".use_regex"))
        fail(path + ".use_regex", "only false is supported (the GPT-2 regex is not implemented; the Split before it gives the pieces)");
    }
  }

  void split(const json& v, const std::string& path, BpeModel& m) const {
    const json& pattern = object(member(v, path, "pattern"), path + ".pattern");
    const json* regex = optional(pattern, "Regex");
    if (!regex) fail(path + ".pattern", "only a \"Regex\" pattern is supported, found " + pattern.dump());
    const std::string& p = string(*regex, path + ".pattern.Regex");
    if (p == kQwen2Pattern) {
      m.pre.max_digits = 1;
    } else if (p == kCl100kPattern) {
      m.pre.max_digits = 3;
    } else {
      fail(path + ".pattern.Regex", "not the Qwen2 or cl100k pre-tokenizer pattern (no other regex is implemented)");
    }
    if (const json* b = optional(v, "behavior"); !b || string(*b, path + ".behavior") != "Isolated")
      fail(path + ".behavior", "only \"Isolated\" is supported");
    if (const json* inv = optional(v, "invert"); inv && boolean(*inv, path + ".invert")) fail(path + ".invert", "true is not supported");
    m.pre_tokenize = true;
  }

  void pre_tokenizer(const json& root, BpeModel& m) const {
    const json* p = optional(root, "pre_tokenizer");
    if (!p) fail("pre_tokenizer", "missing: a byte-level BPE needs a ByteLevel pre-tokenizer");
    const std::string type = type_of(*p, "pre_tokenizer");
    if (type != "Sequence") fail("pre_tokenizer.type", "\"" + type + "\" is not supported (expected a Sequence of Split and ByteLevel)");
    const json& list = member(*p, "pre_tokenizer", "pretokenizers");
    if (!list.is_array() || list.size() != 2)
      fail("pre_tokenizer.pretokenizers", "expected [Split, ByteLevel], found " + (list.is_array() ? std::to_string(list.size()) + " entries" : kind(list)));
    const std::string t0 = type_of(list[0], "pre_tokenizer.pretokenizers[0]");
    if (t0 != "Split") fail("pre_tokenizer.pretokenizers[0].type", "expected \"Split\", found \"" + t0 + "\"");
    split(list[0], "pre_tokenizer.pretokenizers[0]", m);
    const std::string t1 = type_of(list[1], "pre_tokenizer.pretokenizers[1]");
    if (t1 != "ByteLevel") fail("pre_tokenizer.pretokenizers[1].type", "expected \"ByteLevel\", found \"" + t1 + "\"");
    byte_level(list[1], "pre_tokenizer.pretokenizers[1]", false);
  }

  void decoder_and_post(const json& root) const {
    const json* d = optional(root, "decoder");
    if (!d) fail("decoder", "missing: a byte-level BPE needs the ByteLevel decoder");
    if (const std::string t = type_of(*d, "decoder"); t != "ByteLevel") fail("decoder.type", "\"" + t + "\" is not supported (only ByteLevel)");
    if (const json* p = optional(root, "post_processor")) {
      const std::string t = type_of(*p, "post_processor");
      if (t != "ByteLevel") fail("post_processor.type", "\"" + t + "\" is not supported (only ByteLevel or null: no tokens are added)");
    }
  }

 private:
  const std::string& name_;
  std::int64_t max_id_ = kMaxId;
};

std::atomic<std::uint64_t> g_generation{0};

}  // namespace

BpeModel parse_tokenizer_json(std::string_view json_text, const std::string& name) {
  json root;
  try {
    root = json::parse(json_text.begin(), json_text.end());
  } catch (const json::parse_error& e) {
    std::string what = e.what();
    if (const auto p = what.find("] "); p != std::string::npos) what = what.substr(p + 2);
    // nlohmann counts the bytes read; the offset of the offending byte is one less (the
    // input's length at an unexpected end).
    throw TokenizerError(name + ": invalid JSON at byte " + std::to_string(e.byte == 0 ? 0 : e.byte - 1) + ": " + what);
  }
  Loader load(name);
  if (!root.is_object()) load.fail("(root)", "expected an object, found " + Loader::kind(root));
  load.limit_ids(root);
  BpeModel m;
  m.name = name;
  try {
    load.model(root, m);
    load.added_tokens(root, m);
    load.normalizer(root, m);
    load.pre_tokenizer(root, m);
    load.decoder_and_post(root);
  } catch (const json::exception& e) {
    throw TokenizerError(name + ": " + e.what());
  }
  m.generation = ++g_generation;
  return m;
}

}  // namespace vl::tokenizer
