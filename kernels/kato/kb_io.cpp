#include "kato/kb_io.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace kato {
namespace {

using json = nlohmann::json;
using ordered_json = nlohmann::ordered_json;

Events parse_events(const json& j, const std::string& where, const char* what) {
  if (!j.is_array()) throw KbError(where + ": " + what + " must be an array of events");
  Events events;
  for (const auto& ev : j) {
    if (!ev.is_array()) throw KbError(where + ": each event of " + what + " must be an array of strings");
    std::vector<std::string> symbols;
    for (const auto& s : ev) {
      if (!s.is_string()) throw KbError(where + ": symbols of " + what + " must be strings");
      symbols.push_back(s.get<std::string>());
    }
    events.push_back(std::move(symbols));
  }
  return events;
}

// nlohmann's message without its "[json.exception.parse_error.101] " tag.
std::string parse_error_text(const json::parse_error& e) {
  std::string what = e.what();
  if (const auto p = what.find("] "); what.rfind("[json.exception.", 0) == 0 && p != std::string::npos) what = what.substr(p + 2);
  return what;
}

constexpr char kMagic[8] = {'K', 'A', 'T', 'O', 'K', 'B', '0', '1'};

class Writer {
 public:
  explicit Writer(std::ostream& os) : os_(os) {}
  void u32(std::uint32_t v) { for (int k = 0; k < 4; ++k) os_.put(static_cast<char>((v >> (8 * k)) & 0xFFu)); }
  void u64(std::uint64_t v) { for (int k = 0; k < 8; ++k) os_.put(static_cast<char>((v >> (8 * k)) & 0xFFu)); }
  void str(const std::string& s) { u32(static_cast<std::uint32_t>(s.size())); os_.write(s.data(), static_cast<std::streamsize>(s.size())); }

 private:
  std::ostream& os_;
};

class Reader {
 public:
  Reader(std::string data, std::string path) : data_(std::move(data)), path_(std::move(path)) {}
  std::uint64_t uint(int bytes) {
    need(static_cast<std::size_t>(bytes));
    std::uint64_t v = 0;
    for (int k = 0; k < bytes; ++k) v |= static_cast<std::uint64_t>(static_cast<unsigned char>(data_[pos_ + k])) << (8 * k);
    pos_ += static_cast<std::size_t>(bytes);
    return v;
  }
  std::uint32_t u32() { return static_cast<std::uint32_t>(uint(4)); }
  std::uint64_t u64() { return uint(8); }
  std::string str() {
    const std::uint32_t n = u32();
    need(n);
    std::string s = data_.substr(pos_, n);
    pos_ += n;
    return s;
  }
  void need(std::size_t n) const {
    if (data_.size() - pos_ < n) fail("truncated file");
  }
  // A count read from the file, checked against the bytes left (each item takes at least
  // item_bytes) before anything is sized from it: a crafted count cannot allocate gigabytes.
  void need_items(std::uint64_t count, std::size_t item_bytes) const {
    if (count > (data_.size() - pos_) / item_bytes) {
      fail("truncated file (a count of " + std::to_string(count) + " items does not fit in the " +
           std::to_string(data_.size() - pos_) + " bytes left)");
    }
  }
  [[noreturn]] void fail(const std::string& what) const {
    throw KbError(path_ + ": " + what + " at byte " + std::to_string(pos_));
  }
  bool done() const { return pos_ == data_.size(); }

 private:
  std::string data_;
  std::string path_;
  std::size_t pos_ = 0;
};

// A folder opens as a stream that reads nothing: refused by name, not taken as an empty file.
void require_regular_file(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) throw KbError(path + ": is a folder, not a file");
}

std::string read_file(const std::string& path) {
  require_regular_file(path);
  std::ifstream in(path, std::ios::binary);
  if (!in) throw KbError(path + ": cannot open file: " + std::strerror(errno));
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void write_patterns_jsonl(const PatternStore& st, const Vocabulary& vocab, std::ostream& os) {
  for (std::size_t p = 0; p < st.size(); ++p) {
    ordered_json rec;
    rec["name"] = st.name(p);
    ordered_json events = ordered_json::array();
    for (const auto& ev : st.events(p)) {
      ordered_json e = ordered_json::array();
      for (SymbolId s : ev) e.push_back(vocab.text(s));
      events.push_back(std::move(e));
    }
    rec["events"] = std::move(events);
    rec["frequency"] = st.frequency(p);
    os << rec.dump(-1, ' ', false, json::error_handler_t::strict) << '\n';
  }
}

}  // namespace

void add_jsonl_record(KnowledgeBase& kb, const std::string& line, const std::string& where) {
  json j;
  try {
    j = json::parse(line);
  } catch (const json::parse_error& e) {
    throw KbError(where + ": invalid JSON (" + parse_error_text(e) + ")");
  }
  if (!j.is_object()) throw KbError(where + ": a pattern line must be a JSON object");
  if (!j.contains("events")) throw KbError(where + ": missing \"events\"");
  Events events = parse_events(j["events"], where, "\"events\"");
  std::uint64_t frequency = 1;
  if (j.contains("frequency")) {
    const auto& f = j["frequency"];
    if (!f.is_number_unsigned() || f.get<std::uint64_t>() == 0)
      throw KbError(where + ": \"frequency\" must be a positive integer");
    frequency = f.get<std::uint64_t>();
  }
  std::string name;
  if (j.contains("name")) {
    if (!j["name"].is_string() || j["name"].get<std::string>().empty())
      throw KbError(where + ": \"name\" must be a non-empty string");
    name = j["name"].get<std::string>();
  } else {
    name = pattern_name(events);
  }
  if (kb.store().find(name)) throw KbError(where + ": duplicate pattern name " + name);
  kb.add_pattern(events, frequency, name);
}

KnowledgeBase load_jsonl(const std::string& path, std::size_t promote_threshold) {
  require_regular_file(path);
  std::ifstream in(path);
  if (!in) throw KbError(path + ": cannot open file: " + std::strerror(errno));
  KnowledgeBase kb(promote_threshold);
  std::string line;
  std::size_t line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    add_jsonl_record(kb, line, path + ":" + std::to_string(line_no));
  }
  return kb;
}

std::string to_jsonl(const KnowledgeBase& kb) {
  std::ostringstream out;
  write_patterns_jsonl(kb.store().stable(), kb.vocabulary(), out);
  write_patterns_jsonl(kb.store().recent(), kb.vocabulary(), out);
  return out.str();
}

std::string to_binary(const KnowledgeBase& kb) {
  std::ostringstream out;
  out.write(kMagic, sizeof kMagic);
  Writer w(out);
  const auto& vocab = kb.vocabulary().symbols();
  w.u64(vocab.size());
  for (const auto& s : vocab) w.str(s);
  for (const PatternStore* st : {&kb.store().stable(), &kb.store().recent()}) {
    w.u64(st->size());
    for (std::size_t p = 0; p < st->size(); ++p) {
      w.str(st->name(p));
      w.u64(st->frequency(p));
      const auto sizes = st->event_sizes(p);
      w.u32(static_cast<std::uint32_t>(sizes.size()));
      for (std::uint32_t n : sizes) w.u32(n);
      for (SymbolId s : st->flat(p)) w.u32(s);
    }
  }
  return out.str();
}

KnowledgeBase load_binary(const std::string& path, std::size_t promote_threshold) {
  Reader r(read_file(path), path);
  r.need(sizeof kMagic);
  for (char c : kMagic)
    if (static_cast<char>(r.uint(1)) != c) r.fail("not a kato binary knowledge base (bad magic)");
  KnowledgeBase kb(0);  // no auto-promotion while restoring tiers
  const std::uint64_t nvocab = r.u64();
  r.need_items(nvocab, 4);  // a length per symbol
  for (std::uint64_t k = 0; k < nvocab; ++k) {
    const std::string s = r.str();
    if (kb.vocabulary().intern(s) != k) r.fail("duplicate vocabulary symbol");
  }
  for (int tier = 0; tier < 2; ++tier) {
    const std::uint64_t npat = r.u64();
    r.need_items(npat, 16);  // name length, frequency, event count
    for (std::uint64_t p = 0; p < npat; ++p) {
      std::string name = r.str();
      const std::uint64_t freq = r.u64();
      const std::uint32_t nev = r.u32();
      r.need_items(nev, 4);
      std::vector<std::uint32_t> sizes(nev);
      for (auto& n : sizes) n = r.u32();
      std::vector<std::vector<SymbolId>> events;
      for (std::uint32_t n : sizes) {
        r.need_items(n, 4);
        std::vector<SymbolId> ev(n);
        for (auto& s : ev) {
          s = r.u32();
          if (s >= nvocab) r.fail("symbol id out of range");
        }
        events.push_back(std::move(ev));
      }
      if (kb.store().find(name)) r.fail("duplicate pattern name " + name);
      if (tier == 0) kb.store().add_stable(std::move(name), events, freq);
      else kb.store().add_recent(std::move(name), events, freq);
    }
  }
  if (!r.done()) r.fail("trailing bytes");
  kb.store().set_promote_threshold(promote_threshold);
  return kb;
}

Events load_events_json(const std::string& path) {
  const std::string text = read_file(path);
  json j;
  try {
    j = json::parse(text);
  } catch (const json::parse_error& e) {
    throw KbError(path + ": invalid JSON (" + parse_error_text(e) + ")");
  }
  return parse_events(j, path, "the file");
}

}  // namespace kato
