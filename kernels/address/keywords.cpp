#include "address/keywords.hpp"

#include "address/analysis.hpp"

namespace address {

const std::vector<std::pair<const char*, std::uint8_t>>& keyword_list() {
  static const std::vector<std::pair<const char*, std::uint8_t>> list = [] {
    std::vector<std::pair<const char*, std::uint8_t>> v;
    auto put = [&](std::uint8_t cls, std::initializer_list<const char*> words) {
      for (const char* w : words) v.emplace_back(w, cls);
    };
    // Unit markers, society suffixes, landmark triggers, road suffixes (libpostal-style
    // lists, Indian usage), locality suffixes, Hinglish and numbering sub-locality markers.
    put(kKwUnit, {"flat", "flt", "h", "house", "hno", "plot", "shop", "office", "room", "wing", "floor", "fl", "apt",
                  "door", "dno", "unit", "quarter", "qtr", "bldg", "building", "no", "number"});
    put(kKwSociety, {"apartments", "apartment", "apts", "residency", "heights", "society", "soc", "chs", "towers",
                     "tower", "enclave", "complex", "niwas", "nivas", "sadan", "bhavan", "bhawan", "villa", "villas",
                     "residence", "kunj", "mansion", "plaza", "arcade"});
    put(kKwLandmark, {"near", "nr", "opp", "opposite", "behind", "beside", "besides", "next", "adjacent", "front",
                      "facing", "landmark"});
    put(kKwRoad, {"road", "rd", "marg", "street", "st", "lane", "ln", "path", "highway", "hwy", "main", "cross",
                  "salai", "chowk"});
    put(kKwLocality, {"nagar", "colony", "vihar", "layout", "puram", "pur", "wadi", "gaon", "peth", "area", "bagh",
                      "ganj", "extension", "extn", "town", "village", "basti"});
    put(kKwSubLocality, {"gali", "mohalla", "mohala", "sector", "sec", "block", "blk", "khasra", "phase", "pocket",
                         "ward", "stage"});
    put(kKwCountry, {"india", "bharat"});
    put(kKwDistrict, {"dist", "district", "dt", "distt", "zilla"});
    put(kKwPin, {"pin", "pincode", "pin-code"});
    put(kKwCity, {"city"});
    return v;
  }();
  return list;
}

}  // namespace address
