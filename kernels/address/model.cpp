#include "address/model.hpp"

#include <algorithm>
#include <unordered_map>

#include "address/analysis.hpp"
#include "address/keywords.hpp"
#include "address/tokenize.hpp"

namespace address {

namespace {

// Old or common spellings of states, as (alias, canonical name).
const std::pair<const char*, const char*> kStateAliases[] = {
    {"Orissa", "Odisha"},           {"Pondicherry", "Puducherry"},     {"Chattisgarh", "Chhattisgarh"},
    {"Uttaranchal", "Uttarakhand"}, {"Telangana", "Andhra Pradesh"},   {"New Delhi", "Delhi"},
    {"Jammu Kashmir", "Jammu and Kashmir"}};

std::string folded_tokens(const std::string& name) {
  Token tok[kMaxTokens];
  bool truncated = false;
  const int n = tokenize(name.data(), static_cast<int>(name.size()), tok, &truncated);
  std::string out;
  for (int k = 0; k < n; ++k) {
    if (k) out += ' ';
    for (int i = tok[k].begin; i < tok[k].end; ++i) out += static_cast<char>(fold(static_cast<std::uint8_t>(name[i])));
  }
  return out;
}

}  // namespace

std::uint64_t name_hash(const std::string& name, int* tokens) {
  Token tok[kMaxTokens];
  bool truncated = false;
  const int n = tokenize(name.data(), static_cast<int>(name.size()), tok, &truncated);
  if (tokens) *tokens = n;
  return n ? ngram_hash(name.data(), tok, 0, n) : 0;
}

Model::Model(const Gazetteer& g, Weights weights) : gazetteer_(&g), weights_(std::move(weights)) {
  std::unordered_map<std::uint64_t, std::uint8_t> types;
  std::unordered_map<std::uint64_t, std::string> spelled;
  auto key_of = [&](const std::string& name) -> std::uint64_t {
    int n = 0;
    const std::uint64_t h = name_hash(name, &n);
    if (n == 0 || n > 3) return 0;  // the parser matches 1-3 token n-grams
    const std::string folded = folded_tokens(name);
    auto [it, fresh] = spelled.emplace(h, folded);
    if (!fresh && it->second != folded)
      throw GazetteerError("gazetteer: 64-bit hash collision between '" + it->second + "' and '" + folded + "'");
    return h;
  };
  auto add = [&](const std::string& name, std::uint8_t type) {
    const std::uint64_t h = key_of(name);
    if (h) types[h] |= type;
    return h;
  };
  std::vector<std::uint64_t> state_keys(g.states.size()), code_keys(g.states.size()), district_keys(g.districts.size()),
      city_keys(g.cities.size());
  std::vector<std::vector<std::uint64_t>> state_alias_keys(g.states.size());
  for (std::size_t s = 0; s < g.states.size(); ++s) {
    state_keys[s] = add(g.states[s].name, kGazState);
    code_keys[s] = add(g.states[s].code, kGazStateCode);
  }
  for (const auto& [alias, canonical] : kStateAliases) {
    const auto h = add(alias, kGazState);
    for (std::size_t s = 0; s < g.states.size(); ++s)
      if (g.states[s].name == canonical && h) state_alias_keys[s].push_back(h);
  }
  for (std::size_t d = 0; d < g.districts.size(); ++d) district_keys[d] = add(g.districts[d].name, kGazDistrict);
  for (std::size_t c = 0; c < g.cities.size(); ++c) city_keys[c] = add(g.cities[c], kGazCity);
  for (const auto& p : g.pins) {
    const std::uint16_t state = g.districts[p.district].state;
    auto pair = [&](std::uint64_t h) {
      if (h) pin_name_keys_.push_back(pin_name_key(h, p.pin));
    };
    pair(district_keys[p.district]);
    pair(state_keys[state]);
    pair(code_keys[state]);
    for (auto h : state_alias_keys[state]) pair(h);
    if (p.city >= 0) pair(city_keys[static_cast<std::size_t>(p.city)]);
    for (const auto& o : p.offices) pair(add(o, kGazOffice));
    pins_.push_back(p.pin);
    pin_district_.push_back(p.district);
    pin_state_.push_back(state);
  }
  std::sort(pin_name_keys_.begin(), pin_name_keys_.end());
  pin_name_keys_.erase(std::unique(pin_name_keys_.begin(), pin_name_keys_.end()), pin_name_keys_.end());
  // Open-addressing tables, filled in sorted key order so that the layout is reproducible.
  auto capacity = [](std::size_t n) {
    std::size_t c = 16;
    while (c < 2 * n) c *= 2;
    return c;
  };
  auto insert = [](std::vector<std::uint64_t>& slots, std::uint64_t key) {
    if (key == 0) throw GazetteerError("gazetteer: a name hashes to 0");
    const auto mask = static_cast<std::uint32_t>(slots.size() - 1);
    std::uint32_t i = static_cast<std::uint32_t>(fmix64(key)) & mask;
    while (slots[i] != 0) i = (i + 1) & mask;
    slots[i] = key;
    return i;
  };
  std::vector<std::uint64_t> sorted_ngrams;
  for (const auto& kv : types) sorted_ngrams.push_back(kv.first);
  std::sort(sorted_ngrams.begin(), sorted_ngrams.end());
  ngram_keys_.assign(capacity(sorted_ngrams.size()), 0);
  ngram_types_.assign(ngram_keys_.size(), 0);
  for (auto k : sorted_ngrams) ngram_types_[insert(ngram_keys_, k)] = types[k];
  const std::vector<std::uint64_t> pairs = std::move(pin_name_keys_);
  pin_name_keys_.assign(capacity(pairs.size()), 0);
  for (auto k : pairs) insert(pin_name_keys_, k);

  std::vector<std::pair<std::uint64_t, std::uint8_t>> kws;
  for (const auto& [word, cls] : keyword_list()) {
    const std::uint64_t h = fnv_bytes(kFnvOffset, word, static_cast<int>(std::char_traits<char>::length(word)));
    for (const auto& k : kws)
      if (k.first == h) throw GazetteerError(std::string("keyword listed twice: ") + word);
    kws.emplace_back(h, cls);
  }
  std::sort(kws.begin(), kws.end());
  for (const auto& k : kws) {
    keyword_keys_.push_back(k.first);
    keyword_class_.push_back(k.second);
  }

  view_.weights = weights_.table.data();
  view_.trans = weights_.trans.data();
  view_.start = weights_.start.data();
  view_.end = weights_.end.data();
  view_.ngram_keys = ngram_keys_.data();
  view_.ngram_types = ngram_types_.data();
  view_.ngram_mask = static_cast<std::uint32_t>(ngram_keys_.size() - 1);
  view_.pin_name_keys = pin_name_keys_.data();
  view_.pin_name_mask = static_cast<std::uint32_t>(pin_name_keys_.size() - 1);
  view_.pins = pins_.data();
  view_.pin_district = pin_district_.data();
  view_.pin_state = pin_state_.data();
  view_.pin_count = static_cast<std::uint32_t>(pins_.size());
  view_.keyword_keys = keyword_keys_.data();
  view_.keyword_class = keyword_class_.data();
  view_.keyword_count = static_cast<std::uint32_t>(keyword_keys_.size());
}

const Model& builtin_model() {
  static const Model m(builtin_gazetteer(), builtin_weights());
  return m;
}

}  // namespace address
