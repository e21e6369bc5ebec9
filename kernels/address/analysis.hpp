#pragma once
// Per-address analysis shared by every variant, training and decoding: tokens, per-token
// facts (word hash, shape, keyword class, gazetteer hits, PIN-consistent hits, comma segment),
// and the feature rows of each token.
#include <cstdint>

#include "address/hashing.hpp"
#include "address/hd.hpp"
#include "address/model_view.hpp"
#include "address/tokenize.hpp"

namespace address {

// Keyword classes (kw): word lists in keywords.cpp.
enum Keyword : std::uint8_t {
  kKwNone = 0,
  kKwUnit,          // flat, h, no, house, plot, shop, room, wing, floor, ...
  kKwSociety,       // apartments, residency, heights, society, chs, towers, ...
  kKwLandmark,      // near, nr, opp, opposite, behind, beside, next, ...
  kKwRoad,          // road, rd, marg, street, lane, path, highway, ...
  kKwLocality,      // nagar, colony, vihar, layout, puram, wadi, gaon, peth, area, ...
  kKwSubLocality,   // gali, mohalla, sector, block, khasra, phase, pocket, ward, ...
  kKwCountry,       // india, bharat
  kKwDistrict,      // dist, district, dt, zilla
  kKwPin,           // pin, pincode
  kKwCity,          // city
  kKwClasses,
};

struct TokenInfo {
  std::uint32_t word;    // low bits of the folded token hash
  std::uint32_t suffix;  // hash of the last three bytes (alphabetic tokens longer than 3)
  std::uint64_t hash;    // folded token hash (n-gram of one)
  std::uint8_t cls;      // 0 letters, 1 digits, 2 letters and digits, 3 non-ASCII
  std::uint8_t shape;    // cls * 8 + length bucket
  std::uint8_t kw;
  std::uint8_t gaz_begin, gaz_inside, gaz_pin;  // kGaz* bits: n-gram starts here / continues / agrees with the PIN
  std::uint8_t seg_last_kw;   // keyword class of the last token of this comma segment
  std::uint8_t seg_from_end;  // comma segments after this one (capped at 3)
  std::uint8_t seg_pos;       // position inside the segment (capped at 3)
};

struct Analysis {
  Token tok[kMaxTokens];
  TokenInfo info[kMaxTokens];
  int n = 0;
  bool truncated = false;
  std::uint32_t text_pin = 0;     // first six-digit token that is a known PIN
  int text_pin_token = -1;
  std::uint32_t context_pin = 0;  // text_pin, else a known hint: used for PIN-consistent features
};

ADDR_HD inline bool is_known_pin(const ModelView& m, std::uint32_t pin, std::uint32_t* at) {
  return pin >= 100000 && pin <= 999999 && sorted_find(m.pins, m.pin_count, pin, at);
}

ADDR_HD inline std::uint32_t six_digit_value(const char* s, const Token& t) {
  if (t.end - t.begin != 6) return 0;
  std::uint32_t v = 0;
  for (int i = t.begin; i < t.end; ++i) {
    const char c = s[i];
    if (c < '0' || c > '9') return 0;
    v = v * 10 + static_cast<std::uint32_t>(c - '0');
  }
  return v >= 100000 ? v : 0;
}

ADDR_HD inline void analyze(const ModelView& m, const char* text, int n, std::uint32_t pin_hint, Analysis& a) {
  a.n = tokenize(text, n, a.tok, &a.truncated);
  a.text_pin = 0;
  a.text_pin_token = -1;
  for (int t = 0; t < a.n; ++t) {
    const Token& tk = a.tok[t];
    TokenInfo& in = a.info[t];
    const int len = tk.end - tk.begin;
    bool letters = false, digits = false, high = false;
    for (int i = tk.begin; i < tk.end; ++i) {
      const std::uint8_t c = static_cast<std::uint8_t>(text[i]);
      if (c >= '0' && c <= '9') digits = true;
      else if (c >= 0x80) high = true;
      else letters = true;
    }
    in.cls = high ? 3 : (digits && letters) ? 2 : digits ? 1 : 0;
    const int bucket = len <= 6 ? len - 1 : len <= 9 ? 6 : 7;
    in.shape = static_cast<std::uint8_t>(in.cls * 8 + bucket);
    in.hash = fnv_bytes(kFnvOffset, text + tk.begin, len);
    in.word = static_cast<std::uint32_t>(in.hash ^ (in.hash >> 32));
    in.suffix = (in.cls == 0 && len > 3) ? static_cast<std::uint32_t>(fnv_bytes(kFnvOffset, text + tk.end - 3, 3)) : 0;
    std::uint32_t at = 0;
    in.kw = sorted_find(m.keyword_keys, m.keyword_count, in.hash, &at) ? m.keyword_class[at] : static_cast<std::uint8_t>(kKwNone);
    in.gaz_begin = in.gaz_inside = in.gaz_pin = 0;
    if (a.text_pin_token < 0) {
      const std::uint32_t v = six_digit_value(text, tk);
      if (v && is_known_pin(m, v, nullptr)) {
        a.text_pin = v;
        a.text_pin_token = t;
      }
    }
  }
  a.context_pin = a.text_pin;
  if (!a.context_pin && is_known_pin(m, pin_hint, nullptr)) a.context_pin = pin_hint;

  // Gazetteer n-grams of 1-3 tokens, not across commas.
  for (int t = 0; t < a.n; ++t) {
    std::uint64_t h = kFnvOffset;
    for (int k = 0; k < 3 && t + k < a.n; ++k) {
      const Token& tk = a.tok[t + k];
      if (k > 0 && tk.sep == kSepComma) break;
      if (k) h = fnv_byte(h, ' ');
      h = fnv_bytes(h, text + tk.begin, tk.end - tk.begin);
      const std::int64_t at = probe(m.ngram_keys, m.ngram_mask, h);
      if (at < 0) continue;
      const std::uint8_t types = m.ngram_types[at];
      const bool agrees = a.context_pin && probe(m.pin_name_keys, m.pin_name_mask, pin_name_key(h, a.context_pin)) >= 0;
      a.info[t].gaz_begin |= types;
      for (int j = 1; j <= k; ++j) a.info[t + j].gaz_inside |= types;
      if (agrees)
        for (int j = 0; j <= k; ++j) a.info[t + j].gaz_pin |= types;
    }
  }

  // Comma segments.
  int seg_start = 0, segments_after = 0;
  for (int t = a.n - 1; t >= 0; --t) {
    a.info[t].seg_from_end = static_cast<std::uint8_t>(segments_after > 3 ? 3 : segments_after);
    if (a.tok[t].sep == kSepComma) ++segments_after;
  }
  for (int t = 0; t < a.n; ++t) {
    if (t == 0 || a.tok[t].sep == kSepComma) {
      seg_start = t;
      int last = t;
      while (last + 1 < a.n && a.tok[last + 1].sep != kSepComma) ++last;
      for (int j = t; j <= last; ++j) a.info[j].seg_last_kw = a.info[last].kw;
    }
    const int pos = t - seg_start;
    a.info[t].seg_pos = static_cast<std::uint8_t>(pos > 3 ? 3 : pos);
  }
}

inline constexpr int kMaxRows = 48;

// Feature rows of token t (weight table rows whose sum is the token's emission). Returns the
// count; the order is fixed, and sums are integer, so the order never changes a result.
ADDR_HD inline int token_rows(const Analysis& a, int t, std::uint32_t* rows) {
  const TokenInfo& in = a.info[t];
  int r = 0;
  auto add = [&](std::uint32_t templ, std::uint32_t value) { rows[r++] = feature_row(templ, value); };
  auto context_word = [&](int j) -> std::uint32_t {
    if (j < 0) return 0x0b05u;
    if (j >= a.n) return 0x0e05u;
    return a.info[j].cls == 0 || a.info[j].cls == 3 ? a.info[j].word : 0x5a00u + a.info[j].shape;
  };
  auto kw_at = [&](int j) -> std::uint32_t { return j < 0 ? 30u : j >= a.n ? 31u : a.info[j].kw; };
  add(1, 0);
  if (in.cls == 0 || in.cls == 3) add(2, in.word);
  add(3, in.shape);
  if (in.suffix) add(4, in.suffix);
  add(5, context_word(t - 1));
  add(6, context_word(t + 1));
  add(7, static_cast<std::uint32_t>(a.tok[t].sep) * 16u + in.cls);
  add(8, t + 1 < a.n ? a.tok[t + 1].sep : 7u);
  add(9, static_cast<std::uint32_t>(t < 6 ? t : t < 9 ? 6 : 7));
  {
    const int from_end = a.n - 1 - t;
    add(10, static_cast<std::uint32_t>(from_end < 3 ? from_end : 3));
  }
  add(11, kw_at(t));
  add(12, kw_at(t - 1));
  add(13, kw_at(t + 1));
  add(14, kw_at(t - 2));
  add(15, kw_at(t + 2));
  for (int b = 0; b < kGazTypes; ++b) {
    if (in.gaz_begin & (1u << b)) add(16, static_cast<std::uint32_t>(b * 4 + 0));
    if (in.gaz_inside & (1u << b)) add(16, static_cast<std::uint32_t>(b * 4 + 1));
    if (in.gaz_pin & (1u << b)) add(16, static_cast<std::uint32_t>(b * 4 + 2));
  }
  add(17, in.seg_last_kw);
  add(18, static_cast<std::uint32_t>(in.seg_from_end) * 8u + in.seg_pos);
  add(19, (t > 0 ? a.info[t - 1].shape : 63u) * 64u + in.shape);
  add(20, t == a.text_pin_token ? 1u : 0u);
  add(21, t + 1 < a.n ? static_cast<std::uint32_t>(a.info[t + 1].gaz_begin | a.info[t + 1].gaz_inside) : 99u);
  add(22, t > 0 ? static_cast<std::uint32_t>(a.info[t - 1].gaz_begin | a.info[t - 1].gaz_inside | (a.info[t - 1].gaz_pin << 5)) : 99u);
  add(23, static_cast<std::uint32_t>(in.gaz_pin) * 16u + in.seg_from_end);
  if (in.cls == 0 || in.cls == 3) add(24, in.word ^ (static_cast<std::uint32_t>(in.seg_from_end) * 0x1000193u));
  add(25, kw_at(t) * 64u + kw_at(t + 1));
  return r;
}

}  // namespace address
