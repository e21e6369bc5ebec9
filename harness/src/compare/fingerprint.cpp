#include "compare/fingerprint.hpp"

#include <cstdint>
#include <cstdio>
#include <set>
#include <string>

namespace crucible {

nlohmann::json fingerprint_fields(const nlohmann::json& results) {
  const auto context = results.value("context", nlohmann::json::object());
  nlohmann::json fields = nlohmann::json::object();
  for (const char* key : {"num_cpus", "cpu_model", "library_build_type", "gpus", "gpu"}) {
    if (context.contains(key)) fields[key] = context[key];
  }
  if (context.contains("caches")) {
    nlohmann::json caches = nlohmann::json::array();
    for (const auto& c : context["caches"]) {
      caches.push_back({{"type", c.value("type", "")}, {"level", c.value("level", 0)}, {"size", c.value("size", 0)}});
    }
    fields["caches"] = caches;
  }
  if (results.contains("capability")) {
    const auto& cap = results["capability"];
    for (const char* key : {"cpu", "gpus", "devices"}) {
      if (cap.contains(key)) fields["capability_" + std::string(key)] = cap[key];
    }
  }
  // Merged shards (crucible merge) measured on different hardware: the set of their
  // fingerprints, so that the merged run compares only with one made on the same machines.
  // Shards of one kind of machine keep that machine's fingerprint.
  if (results.contains("shards") && results["shards"].is_array()) {
    std::set<std::string> distinct;
    for (const auto& s : results["shards"]) {
      // A shard that timed nothing has no say in whether timings compare.
      if (!s.is_object() || s.value("benchmarks", nlohmann::json(1)) == 0) continue;
      if (s.contains("fingerprint") && s["fingerprint"].is_string()) distinct.insert(s["fingerprint"].get<std::string>());
    }
    if (distinct.size() > 1) fields["shard_fingerprints"] = distinct;
  }
  return fields;
}

std::string hardware_fingerprint(const nlohmann::json& results) {
  // FNV-1a 64 over the canonical dump (nlohmann sorts object keys).
  std::uint64_t h = 1469598103934665603ull;
  for (unsigned char c : fingerprint_fields(results).dump()) {
    h ^= c;
    h *= 1099511628211ull;
  }
  char text[17];
  std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(h));
  return text;
}

std::string fingerprint_difference(const nlohmann::json& a, const nlohmann::json& b) {
  std::string out;
  auto keys = a;
  keys.update(b);
  for (const auto& [key, value] : keys.items()) {
    (void)value;
    const auto va = a.contains(key) ? a[key].dump() : std::string("(absent)");
    const auto vb = b.contains(key) ? b[key].dump() : std::string("(absent)");
    if (va == vb) continue;
    auto shorten = [](std::string s) { return s.size() > 60 ? s.substr(0, 57) + "..." : s; };
    out += (out.empty() ? "" : "; ") + key + " " + shorten(va) + " vs " + shorten(vb);
  }
  return out;
}

}  // namespace crucible
