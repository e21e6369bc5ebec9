#include "address/weights.hpp"

#include "address/embedded_data.hpp"
#include "address/labels.hpp"
#include "address/model_view.hpp"
#include "address/text_lines.hpp"

namespace address {

namespace {
constexpr std::string_view kHeader = "crucible-address-weights 1";
}

Weights::Weights()
    : table(static_cast<std::size_t>(kRows) * kLanes, 0), trans(kLanes * kLanes, 0), start(kLanes, 0), end(kLanes, 0) {}

Weights parse_weights(std::string_view text, const std::string& source) {
  Weights w;
  bool header = false;
  for_each_line(text, [&](int line, std::string_view l) {
    auto bad = [&](const std::string& why) { throw WeightsError(source + ":" + std::to_string(line) + ": " + why); };
    if (l.empty() || l[0] == '#') return;
    if (!header) {
      if (l != kHeader) bad("expected the header '" + std::string(kHeader) + "'");
      header = true;
      return;
    }
    const auto f = split(l, ' ');
    std::uint32_t a = 0, b = 0;
    std::int16_t v = 0;
    auto label = [&](std::string_view s, std::uint32_t& x) {
      if (!parse_int(s, x) || x >= static_cast<std::uint32_t>(kLabels)) bad("label out of range");
    };
    if (f[0] == "W" && f.size() == 4) {
      if (!parse_int(f[1], a) || a >= kRows) bad("row out of range");
      label(f[2], b);
      if (!parse_int(f[3], v)) bad("value is not an int16");
      w.table[static_cast<std::size_t>(a) * kLanes + b] = v;
    } else if (f[0] == "T" && f.size() == 4) {
      label(f[1], a);
      label(f[2], b);
      if (!parse_int(f[3], v)) bad("value is not an int16");
      w.trans[a * kLanes + b] = v;
    } else if ((f[0] == "S" || f[0] == "E") && f.size() == 3) {
      label(f[1], a);
      if (!parse_int(f[2], v)) bad("value is not an int16");
      (f[0] == "S" ? w.start : w.end)[a] = v;
    } else {
      bad("expected 'W row label value', 'T from to value', 'S label value' or 'E label value'");
    }
  });
  if (!text.empty() && !header) throw WeightsError(source + ": missing header");
  return w;
}

std::string format_weights(const Weights& w) {
  std::string out(kHeader);
  out += '\n';
  auto line = [&](const std::string& s) { out += s + '\n'; };
  for (int l = 0; l < kLabels; ++l)
    if (w.start[l]) line("S " + std::to_string(l) + " " + std::to_string(w.start[l]));
  for (int l = 0; l < kLabels; ++l)
    if (w.end[l]) line("E " + std::to_string(l) + " " + std::to_string(w.end[l]));
  for (int a = 0; a < kLabels; ++a)
    for (int b = 0; b < kLabels; ++b)
      if (w.trans[a * kLanes + b])
        line("T " + std::to_string(a) + " " + std::to_string(b) + " " + std::to_string(w.trans[a * kLanes + b]));
  for (std::uint32_t r = 0; r < kRows; ++r)
    for (int l = 0; l < kLabels; ++l)
      if (const auto v = w.table[static_cast<std::size_t>(r) * kLanes + l])
        line("W " + std::to_string(r) + " " + std::to_string(l) + " " + std::to_string(v));
  return out;
}

const Weights& builtin_weights() {
  static const Weights w = parse_weights(embedded_weights(), "weights.txt (built in)");
  return w;
}

}  // namespace address
