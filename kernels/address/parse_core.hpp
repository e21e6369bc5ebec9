#pragma once
// The parsing core: parse_one() runs analysis, emissions (int16 weights summed in int32),
// Viterbi over the 12 labels with a fixed tie-break (strict '>' in ascending label order, so
// ties go to the lowest label) and the post-rules. Integer arithmetic only: every variant,
// host or device, produces the same bytes.
#include <cstdint>

#include "address/analysis.hpp"
#include "address/hd.hpp"
#include "address/labels.hpp"
#include "address/model_view.hpp"
#include "address/result.hpp"

namespace address {

// Emission of one token: the sum of its feature rows, for labels 0..kLabels-1.
template <class W>
ADDR_HD inline void emission(const W* weights, const std::uint32_t* rows, int count, std::int32_t* e) {
  for (int l = 0; l < kLabels; ++l) e[l] = 0;
  for (int k = 0; k < count; ++k) {
    const W* w = weights + static_cast<std::size_t>(rows[k]) * kLanes;
    for (int l = 0; l < kLabels; ++l) e[l] += w[l];
  }
}

// One Viterbi step: out[l] = max over p of prev[p] + trans[p][l]; bp[l] = the lowest such p.
template <class W>
ADDR_HD inline void viterbi_step(const W* trans, const std::int32_t* prev, std::int32_t* out, std::uint8_t* bp) {
  for (int l = 0; l < kLabels; ++l) {
    std::int32_t best = prev[0] + trans[l];
    std::uint8_t arg = 0;
    for (int p = 1; p < kLabels; ++p) {
      const std::int32_t s = prev[p] + trans[p * kLanes + l];
      if (s > best) {
        best = s;
        arg = static_cast<std::uint8_t>(p);
      }
    }
    out[l] = best;
    bp[l] = arg;
  }
}

// Final label: argmax of score + end, lowest on ties; then follow the back-pointers.
template <class W>
ADDR_HD inline void viterbi_backtrack(const std::int32_t* score, const W* end, const std::uint8_t (*bp)[kLabels], int n,
                                      std::uint8_t* labels) {
  std::int32_t best = score[0] + end[0];
  std::uint8_t arg = 0;
  for (int l = 1; l < kLabels; ++l) {
    const std::int32_t s = score[l] + end[l];
    if (s > best) {
      best = s;
      arg = static_cast<std::uint8_t>(l);
    }
  }
  labels[n - 1] = arg;
  for (int t = n - 1; t > 0; --t) labels[t - 1] = bp[t][labels[t]];
}

// Only a six-digit number may be labelled PIN: a hard constraint on the decode, so that no
// weight, however trained, can put the PIN on a word next to it.
inline constexpr std::int32_t kForbidden = -(1 << 28);  // below any reachable score, and no path sums two
inline constexpr std::uint8_t kSixDigitShape = 1 * 8 + 5;  // TokenInfo::shape: digits, length 6

ADDR_HD inline void constrain(const Analysis& a, int t, std::int32_t* e) {
  if (a.info[t].shape != kSixDigitShape) e[kPin] = kForbidden;
}

// Full decode with weights of type W (int16 in the shipped model, int32 while training).
template <class W>
ADDR_HD inline void decode(const Analysis& a, const W* weights, const W* trans, const W* start, const W* end,
                           std::uint8_t* labels) {
  if (a.n == 0) return;
  std::uint32_t rows[kMaxRows];
  std::int32_t e[kLabels], score[kLabels], next[kLabels];
  std::uint8_t bp[kMaxTokens][kLabels];
  emission(weights, rows, token_rows(a, 0, rows), e);
  constrain(a, 0, e);
  for (int l = 0; l < kLabels; ++l) score[l] = start[l] + e[l];
  for (int t = 1; t < a.n; ++t) {
    emission(weights, rows, token_rows(a, t, rows), e);
    constrain(a, t, e);
    viterbi_step(trans, score, next, bp[t]);
    for (int l = 0; l < kLabels; ++l) score[l] = next[l] + e[l];
  }
  viterbi_backtrack(score, end, bp, a.n, labels);
}

// Turns labels into spans and applies the post-rules: adjacent tokens of one label form a
// segment, a comma splits it, the first segment per field wins; the PIN is validated against
// the gazetteer; district, state, country and PIN may be inferred from a valid PIN, flagged.
ADDR_HD inline void finalize(const ModelView& m, const char* text, const Analysis& a, const std::uint8_t* labels,
                             std::uint32_t pin_hint, ParseResult& r) {
  bool done[kFields] = {};
  int found = 0;
  int t = 0;
  while (t < a.n) {
    const std::uint8_t l = labels[t];
    int last = t;
    while (last + 1 < a.n && labels[last + 1] == l && a.tok[last + 1].sep != kSepComma) ++last;
    if (l != kO && !done[l - 1]) {
      done[l - 1] = true;
      r.start[l - 1] = a.tok[t].begin;
      r.len[l - 1] = static_cast<std::uint16_t>(a.tok[last].end - a.tok[t].begin);
      ++found;
    }
    t = last + 1;
  }
  if (a.truncated) r.flags |= kTruncated;
  // PIN: a labelled span must be a known six-digit PIN; otherwise the hint, flagged.
  const int p = kPin - 1;
  std::uint32_t at = 0;
  bool pin_ok = false;
  if (r.len[p]) {
    Token span{r.start[p], static_cast<std::uint16_t>(r.start[p] + r.len[p]), 0};
    const std::uint32_t v = six_digit_value(text, span);
    if (v && is_known_pin(m, v, &at)) {
      r.pin = v;
      pin_ok = true;
    } else {
      r.status = kInvalidPin;
    }
  } else if (is_known_pin(m, pin_hint, &at)) {
    r.pin = pin_hint;
    r.flags |= kPinInferred;
    pin_ok = true;
  }
  if (pin_ok) {
    if (!r.len[kDistrict - 1]) {
      r.district = m.pin_district[at];
      r.flags |= kDistrictInferred;
    }
    if (!r.len[kState - 1]) {
      r.state = m.pin_state[at];
      r.flags |= kStateInferred;
    }
    if (!r.len[kCountry - 1]) r.flags |= kCountryInferred;
  }
  if (r.status == kOk && found == 0) r.status = kNoFields;
  if (r.status == kOk) r.flags |= kSuccess;
}

ADDR_HD inline void clear(ParseResult& r) {
  for (int f = 0; f < kFields; ++f) r.start[f] = r.len[f] = 0;
  r.pin = 0;
  r.district = r.state = kNoId;
  r.flags = 0;
  r.status = kOk;
}

// Input checks shared by every variant; false when the address is not parsed.
ADDR_HD inline bool check_input(const char* text, int n, ParseResult& r) {
  clear(r);
  bool blank = true;
  for (int i = 0; i < n && blank; ++i) blank = byte_class(static_cast<std::uint8_t>(text[i])) != 0;
  if (blank) r.status = kEmptyText;
  else if (n > kMaxBytes) r.status = kTooLong;
  else if (!valid_utf8(text, n)) r.status = kInvalidUtf8;
  return r.status == kOk;
}

ADDR_HD inline void parse_one(const ModelView& m, const char* text, int n, std::uint32_t pin_hint, ParseResult& r) {
  if (!check_input(text, n, r)) return;
  Analysis a;
  analyze(m, text, n, pin_hint, a);
  std::uint8_t labels[kMaxTokens];
  decode(a, m.weights, m.trans, m.start, m.end, labels);
  finalize(m, text, a, labels, pin_hint, r);
}

}  // namespace address
