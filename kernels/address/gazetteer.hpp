#pragma once
// The gazetteer derived from India Post's PIN directory (data/gazetteer.txt, compiled in):
// states with codes, districts, cities and, per PIN, its district, city and office names.
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace address {

struct GazetteerError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct Gazetteer {
  struct State {
    std::string name, code;
  };
  struct District {
    std::string name;
    std::uint16_t state;
  };
  struct Pin {
    std::uint32_t pin;
    std::uint16_t district;
    std::int32_t city;  // -1: none known
    std::vector<std::string> offices;
  };
  std::vector<State> states;
  std::vector<District> districts;
  std::vector<std::string> cities;
  std::vector<Pin> pins;  // sorted by pin
};

// Parses the gazetteer text; errors name `source` and the line.
Gazetteer parse_gazetteer(std::string_view text, const std::string& source);

// The compiled-in gazetteer (parsed once).
const Gazetteer& builtin_gazetteer();

}  // namespace address
