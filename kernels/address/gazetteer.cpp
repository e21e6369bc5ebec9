#include "address/gazetteer.hpp"

#include "address/embedded_data.hpp"
#include "address/text_lines.hpp"

namespace address {

Gazetteer parse_gazetteer(std::string_view text, const std::string& source) {
  Gazetteer g;
  for_each_line(text, [&](int line, std::string_view l) {
    auto bad = [&](const std::string& why) {
      throw GazetteerError(source + ":" + std::to_string(line) + ": " + why);
    };
    if (l.empty() || l[0] == '#') return;
    const auto f = split(l, '\t');
    auto id_in_order = [&](std::size_t expect) {
      std::size_t id = 0;
      if (f.size() < 2 || !parse_int(f[1], id) || id != expect) bad("ids must count up from 0");
    };
    if (f[0] == "S") {
      if (f.size() != 4) bad("a state line has 4 fields");
      id_in_order(g.states.size());
      g.states.push_back({std::string(f[2]), std::string(f[3])});
    } else if (f[0] == "D") {
      if (f.size() != 4) bad("a district line has 4 fields");
      id_in_order(g.districts.size());
      std::uint16_t state = 0;
      if (!parse_int(f[2], state) || state >= g.states.size()) bad("unknown state id");
      g.districts.push_back({std::string(f[3]), state});
    } else if (f[0] == "C") {
      if (f.size() != 3) bad("a city line has 3 fields");
      id_in_order(g.cities.size());
      g.cities.emplace_back(f[2]);
    } else if (f[0] == "P") {
      if (f.size() != 5) bad("a PIN line has 5 fields");
      Gazetteer::Pin p{};
      if (!parse_int(f[1], p.pin) || p.pin < 100000 || p.pin > 999999) bad("a PIN has 6 digits");
      if (!g.pins.empty() && p.pin <= g.pins.back().pin) bad("PINs must be sorted and unique");
      if (!parse_int(f[2], p.district) || p.district >= g.districts.size()) bad("unknown district id");
      if (!parse_int(f[3], p.city) || p.city < -1 || p.city >= static_cast<std::int32_t>(g.cities.size()))
        bad("unknown city id");
      if (!f[4].empty())
        for (auto o : split(f[4], '|')) p.offices.emplace_back(o);
      g.pins.push_back(std::move(p));
    } else {
      bad("unknown record type '" + std::string(f[0]) + "'");
    }
  });
  if (g.states.empty() || g.pins.empty()) throw GazetteerError(source + ": no states or no PINs");
  return g;
}

const Gazetteer& builtin_gazetteer() {
  static const Gazetteer g = parse_gazetteer(embedded_gazetteer(), "gazetteer.txt (built in)");
  return g;
}

}  // namespace address
