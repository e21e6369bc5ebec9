#include "address/generator.hpp"

#include "address/tokenize.hpp"

namespace address {

namespace {

const char* const kNames[] = {
    "sai",     "shanti",  "ganesh",  "krishna", "prestige", "lakeside", "green",   "royal",   "sunrise", "silver",
    "lotus",   "kamal",   "shree",   "om",      "laxmi",    "gokul",    "vrindavan", "anand", "sagar",   "ashoka",
    "tulsi",   "gulmohar", "akash",  "mangal",  "saraswati", "durga",   "shiv",    "jai",     "hari",    "nandan",
    "sapphire", "emerald", "palm",   "orchid",  "rose",     "jasmine",  "everest", "kailash", "ganga",   "yamuna",
    "ram",     "sita",    "balaji",  "tirupati", "shivaji", "ambedkar", "nehru",   "gandhi",  "tilak",   "patel",
    "subhash", "rajiv",   "indira",  "vivekananda", "tagore", "sardar", "azad",   "bhagat",  "maharana", "kalyan"};
const char* const kSocietySuffix[] = {"apartments", "residency", "heights", "society", "chs", "towers",
                                      "enclave",    "complex",   "niwas",   "sadan",   "villa", "bhavan"};
const char* const kLandmarkTrigger[] = {"near", "opposite", "behind", "beside", "next to", "in front of"};
const char* const kLandmarkThing[] = {"temple",      "school",    "hospital",   "masjid",    "mandir",  "mall",
                                      "bank",        "church",    "park",       "market",    "college", "chowk"};
const char* const kLandmarkFixed[] = {"bus stand", "railway station", "post office", "water tank", "petrol pump",
                                      "police station", "sbi bank", "gram panchayat"};
const char* const kRoadSuffix[] = {"road", "marg", "street", "lane", "path", "highway", "main road"};
const char* const kRoadFixed[] = {"mg road", "station road", "ring road", "link road", "old highway", "main road"};
const char* const kSubLocalityWord[] = {"nagar", "colony", "vihar", "layout", "wadi", "peth", "bagh", "puram"};

template <class T, std::size_t N>
const T& pick(SplitMix& r, const T (&a)[N]) {
  return a[r.below(N)];
}

std::string num(SplitMix& r, int lo, int hi) { return std::to_string(lo + static_cast<int>(r.below(static_cast<std::uint32_t>(hi - lo + 1)))); }
std::string letter(SplitMix& r) { return std::string(1, static_cast<char>('a' + r.below(8))); }

std::string title(std::string s) {
  bool start = true;
  for (char& c : s) {
    const bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    if (alpha && start && c >= 'a' && c <= 'z') c = static_cast<char>(c - 32);
    else if (alpha && !start && c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
    start = !alpha && !(c >= '0' && c <= '9');
  }
  return s;
}
std::string lower(std::string s) {
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  return s;
}
std::string upper(std::string s) {
  for (char& c : s)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 32);
  return s;
}

// Ordering templates: which fields, in which order (each may still be dropped).
const std::vector<std::vector<std::uint8_t>> kTemplates = {
    {kUnit, kSociety, kRoad, kLandmark, kSubLocality, kLocality, kCity, kState, kPin},
    {kUnit, kSociety, kLandmark, kRoad, kLocality, kCity, kDistrict, kState, kPin},
    {kUnit, kRoad, kSubLocality, kLocality, kCity, kPin, kState},
    {kSociety, kUnit, kLandmark, kLocality, kDistrict, kState, kCountry, kPin},
    {kUnit, kSubLocality, kLandmark, kLocality, kCity, kDistrict},
    {kLandmark, kUnit, kSociety, kRoad, kLocality, kCity, kState},
    {kUnit, kSociety, kSubLocality, kRoad, kLocality, kCity, kDistrict, kState, kCountry},
    // held out
    {kUnit, kRoad, kLandmark, kSubLocality, kCity, kState, kPin},
    {kSociety, kRoad, kLocality, kLandmark, kCity, kPin},
    {kUnit, kSociety, kLocality, kCity, kDistrict, kState, kPin, kCountry},
};

// Chance (percent) that a field of the template appears.
int keep_percent(std::uint8_t label) {
  switch (label) {
    case kUnit: return 75;
    case kSociety: return 60;
    case kLandmark: return 40;
    case kRoad: return 50;
    case kSubLocality: return 45;
    case kLocality: return 90;
    case kCity: return 75;
    case kDistrict: return 35;
    case kState: return 60;
    case kCountry: return 20;
    case kPin: return 16;  // as in the original's sample: the PIN is mostly only in the CSV column
    default: return 0;
  }
}

}  // namespace

Generator::Generator(const Gazetteer& g, GeneratorOptions options) : g_(g), opt_(options), rng_(options.seed) {}

Sample Generator::next() {
  int id = 0;
  switch (opt_.templates) {
    case Templates::training: id = static_cast<int>(rng_.below(kTrainingTemplates)); break;
    case Templates::held_out: id = kTrainingTemplates + static_cast<int>(rng_.below(kTemplateCount - kTrainingTemplates)); break;
    case Templates::all: id = static_cast<int>(rng_.below(kTemplateCount)); break;
  }
  return render(id);
}

Sample Generator::render(int template_id) {
  SplitMix& r = rng_;
  const bool noise = opt_.noise;
  const auto& pin = g_.pins[r.below(static_cast<std::uint32_t>(g_.pins.size()))];
  const auto& district = g_.districts[pin.district];
  const auto& state = g_.states[district.state];
  const int casing = noise ? static_cast<int>(r.below(100)) : 50;  // <80 lower, <95 title, else upper
  auto cased = [&](const std::string& s) {
    if (!noise) return title(s);
    return casing < 80 ? lower(s) : casing < 95 ? title(s) : upper(s);
  };
  auto abbrev = [&](const std::string& full, const std::string& shortform) {
    return noise && r.chance(40) ? shortform : full;
  };

  std::vector<std::pair<std::string, std::uint8_t>> pieces;  // (text, label); 255: separator
  auto field_text = [&](std::uint8_t label) -> std::string {
    switch (label) {
      case kUnit:
        switch (r.below(noise ? 11 : 7)) {
          case 0: return abbrev("flat no ", "flt no ") + num(r, 1, 999);
          case 1: return "flat " + num(r, 1, 1200);
          case 2: return letter(r) + "-" + num(r, 1, 1500);
          case 3: return letter(r) + " wing " + num(r, 100, 1200);
          case 4: return "plot no " + num(r, 1, 500);
          case 5: return "house no " + num(r, 1, 900);
          case 6: return "room no " + num(r, 1, 80);
          case 7: return "h.no " + num(r, 1, 20) + "-" + num(r, 1, 20) + "-" + num(r, 1, 200);
          case 8: return "#" + num(r, 1, 999);
          case 9: return num(r, 1, 99) + "/" + num(r, 1, 20);
          default: return "shop no " + num(r, 1, 60);
        }
      case kSociety: {
        std::string s = pick(r, kNames);
        if (r.chance(40)) s += std::string(" ") + pick(r, kNames);
        std::string suffix = pick(r, kSocietySuffix);
        if (suffix == "apartments") suffix = abbrev(suffix, "apts");
        if (suffix == "society") suffix = abbrev(suffix, "soc");
        return s + " " + suffix;
      }
      case kLandmark: {
        std::string trigger = pick(r, kLandmarkTrigger);
        if (trigger == "near") trigger = abbrev(trigger, "nr");
        if (trigger == "opposite") trigger = abbrev(trigger, "opp");
        const std::string thing =
            r.chance(50) ? std::string(pick(r, kLandmarkFixed)) : std::string(pick(r, kNames)) + " " + pick(r, kLandmarkThing);
        return trigger + " " + thing;
      }
      case kRoad: {
        if (r.chance(25)) return pick(r, kRoadFixed);
        if (r.chance(15)) return num(r, 1, 18) + "th cross";
        std::string suffix = pick(r, kRoadSuffix);
        if (suffix == "road") suffix = abbrev(suffix, "rd");
        return std::string(pick(r, kNames)) + " " + suffix;
      }
      case kSubLocality:
        switch (r.below(noise ? 9 : 5)) {
          case 0: return "sector " + num(r, 1, 150);
          case 1: return "block " + letter(r);
          case 2: return std::string(pick(r, kNames)) + " " + pick(r, kSubLocalityWord);
          case 3: return "phase " + num(r, 1, 8);
          case 4: return std::string(pick(r, kNames)) + " " + pick(r, kSubLocalityWord);
          case 5: return "gali no " + num(r, 1, 40);
          case 6: return std::string("mohalla ") + pick(r, kNames);
          case 7: return "khasra no " + num(r, 1, 999);
          default: return "sector-" + num(r, 1, 150);
        }
      case kLocality: return pin.offices.empty() ? std::string() : pin.offices[r.below(static_cast<std::uint32_t>(pin.offices.size()))];
      case kCity: return pin.city < 0 ? std::string() : g_.cities[static_cast<std::size_t>(pin.city)];
      case kDistrict: return district.name;
      case kState: return noise && r.chance(20) ? state.code : state.name;
      case kCountry: return "India";
      case kPin: return std::to_string(pin.pin);
      default: return {};
    }
  };

  Sample s;
  s.template_id = template_id;
  s.pin_hint = pin.pin;
  bool any = false;
  for (const std::uint8_t label : kTemplates[static_cast<std::size_t>(template_id)]) {
    if (!r.chance(keep_percent(label))) continue;
    std::string text = field_text(label);
    if (text.empty()) continue;
    if (label == kCity && !s.gold[kLocality - 1].empty() && lower(text) == lower(s.gold[kLocality - 1])) continue;
    if (any) {
      std::string sep = ", ";
      if (noise && r.chance(30)) sep = " ";
      if (label == kPin && noise && r.chance(30)) sep = " - ";
      pieces.emplace_back(sep, 255);
    }
    if (label == kDistrict && noise && r.chance(30)) pieces.emplace_back(cased("dist "), kO);
    if (label == kPin && noise && r.chance(25)) pieces.emplace_back(cased("pin "), kO);
    text = label == kState && text.size() == 2 ? upper(text) : cased(text);
    if (s.gold[label - 1].empty()) s.gold[label - 1] = text;
    pieces.emplace_back(text, label);
    any = true;
  }
  if (!any) {  // every field dropped: keep the locality
    const std::string text = cased(pin.offices.empty() ? district.name : pin.offices[0]);
    const std::uint8_t label = pin.offices.empty() ? kDistrict : kLocality;
    s.gold[label - 1] = text;
    pieces.emplace_back(text, label);
  }
  std::vector<std::pair<std::size_t, std::uint8_t>> starts;  // byte offset where each piece starts
  for (const auto& [text, label] : pieces) {
    starts.emplace_back(s.text.size(), label);
    s.text += text;
  }
  Token tok[kMaxTokens];
  bool truncated = false;
  const int n = tokenize(s.text.data(), static_cast<int>(s.text.size()), tok, &truncated);
  std::size_t piece = 0;
  for (int t = 0; t < n; ++t) {
    while (piece + 1 < starts.size() && starts[piece + 1].first <= tok[t].begin) ++piece;
    const std::uint8_t label = starts[piece].second;
    s.labels.push_back(label == 255 ? static_cast<std::uint8_t>(kO) : label);
  }
  return s;
}

}  // namespace address
