#include "kato/serialize.hpp"

#include <bit>
#include <cstdint>
#include <nlohmann/json.hpp>

namespace kato {
namespace {

void put_u64(std::string& out, std::uint64_t v) {
  for (int k = 0; k < 8; ++k) out.push_back(static_cast<char>((v >> (8 * k)) & 0xFFu));
}
void put_str(std::string& out, const std::string& s) {
  put_u64(out, s.size());
  out += s;
}
void put_f64(std::string& out, double d) { put_u64(out, std::bit_cast<std::uint64_t>(d)); }
void put_list(std::string& out, const std::vector<std::string>& v) {
  put_u64(out, v.size());
  for (const auto& s : v) put_str(out, s);
}
void put_events(std::string& out, const Events& e) {
  put_u64(out, e.size());
  for (const auto& v : e) put_list(out, v);
}

nlohmann::ordered_json flat_or_events(const Events& e, bool events) {
  if (events) return e;
  return e.empty() ? nlohmann::ordered_json::array() : nlohmann::ordered_json(e.front());
}

}  // namespace

std::string serialize_predictions(const std::vector<Prediction>& predictions) {
  std::string out = "kato-predictions-v1";
  put_u64(out, predictions.size());
  for (const Prediction& p : predictions) {
    put_str(out, p.name);
    put_u64(out, p.frequency);
    put_f64(out, p.similarity);
    out.push_back(static_cast<char>(p.segmented));
    out.push_back(static_cast<char>(p.aligned));
    put_list(out, p.matches);
    put_events(out, p.past);
    put_events(out, p.present);
    put_events(out, p.future);
    put_events(out, p.missing);
    put_events(out, p.extras);
    for (double d : {p.evidence, p.confidence, p.snr, p.fragmentation, p.itfdf_similarity, p.potential})
      put_f64(out, d);
  }
  return out;
}

std::string predictions_json(const std::vector<Prediction>& predictions, int indent) {
  nlohmann::ordered_json arr = nlohmann::ordered_json::array();
  for (const Prediction& p : predictions) {
    nlohmann::ordered_json j;
    j["name"] = p.name;
    j["frequency"] = p.frequency;
    j["similarity"] = p.similarity;
    j["matches"] = p.matches;
    j["missing"] = flat_or_events(p.missing, p.aligned);
    j["extras"] = flat_or_events(p.extras, p.aligned);
    j["past"] = flat_or_events(p.past, p.segmented);
    j["present"] = flat_or_events(p.present, p.segmented);
    j["future"] = flat_or_events(p.future, p.segmented);
    j["evidence"] = p.evidence;
    j["confidence"] = p.confidence;
    j["snr"] = p.snr;
    j["fragmentation"] = p.fragmentation;
    j["itfdf_similarity"] = p.itfdf_similarity;
    j["potential"] = p.potential;
    arr.push_back(std::move(j));
  }
  return arr.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace kato
