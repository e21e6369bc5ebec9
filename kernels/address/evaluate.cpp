#include "address/evaluate.hpp"

#include "address/generator.hpp"
#include "address/parse_core.hpp"

namespace address {

std::string normalise_field(std::string_view s) {
  std::string out;
  bool space = false;
  for (char c : s) {
    const auto u = static_cast<std::uint8_t>(c);
    if (u == ' ' || u == '\t' || u == '\r' || u == '\n') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += static_cast<char>(fold(u));
  }
  auto strip = [](char c) { return c == ',' || c == '.' || c == ';' || c == ':' || c == '-' || c == '#' || c == ' '; };
  std::size_t b = 0, e = out.size();
  while (b < e && strip(out[b])) ++b;
  while (e > b && strip(out[e - 1])) --e;
  return out.substr(b, e - b);
}

FieldScore Evaluation::micro() const {
  FieldScore m;
  for (const auto& f : fields) {
    m.tp += f.tp;
    m.fp += f.fp;
    m.fn += f.fn;
  }
  return m;
}

Evaluation evaluate(const Model& model, std::uint64_t seed, bool held_out_templates, int count) {
  Generator gen(model.gazetteer(), {seed, held_out_templates ? Templates::held_out : Templates::training, true});
  Evaluation ev;
  for (int i = 0; i < count; ++i) {
    const Sample s = gen.next();
    ParseResult r;
    parse_one(model.view(), s.text.data(), static_cast<int>(s.text.size()), s.pin_hint, r);
    bool all = true;
    for (int f = 0; f < kFields; ++f) {
      const std::string gold = normalise_field(s.gold[static_cast<std::size_t>(f)]);
      const std::string pred = normalise_field(std::string_view(s.text).substr(r.start[f], r.len[f]));
      FieldScore& sc = ev.fields[static_cast<std::size_t>(f)];
      if (!pred.empty() && pred == gold) ++sc.tp;
      if (!pred.empty() && pred != gold) ++sc.fp;
      if (!gold.empty() && pred != gold) ++sc.fn;
      all &= pred == gold;
    }
    ++ev.addresses;
    ev.exact += all;
  }
  return ev;
}

}  // namespace address
