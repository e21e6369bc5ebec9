#include "compare/interference_check.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace crucible {

namespace {

double number_or(const nlohmann::json& record, const char* key, double fallback) {
  const auto it = record.find(key);
  return it != record.end() && it->is_number() ? it->get<double>() : fallback;
}

bool usable(const nlohmann::json& record) {
  return record.is_object() && number_or(record, "canary_start_ms", 0) > 0 && number_or(record, "canary_end_ms", 0) > 0;
}

// The faster of a run's two canaries: the one least disturbed.
double best_canary(const nlohmann::json& r) {
  return std::min(number_or(r, "canary_start_ms", 0), number_or(r, "canary_end_ms", 0));
}

// What disturbed one run on its own, or empty.
std::string own_disturbance(const nlohmann::json& r, const InterferenceThresholds& t) {
  std::string out;
  char part[160];
  const double start = number_or(r, "canary_start_ms", 0), end = number_or(r, "canary_end_ms", 0);
  const double change = std::max(start, end) / std::min(start, end) - 1;
  if (change > t.canary_change) {
    std::snprintf(part, sizeof part, "canary %+.0f %% from start to end", (end / start - 1) * 100);
    out = part;
  }
  const double others = number_or(r, "others_cpus", 0);
  if (others > t.others_cpus) {
    std::snprintf(part, sizeof part, "others' load %.2g of %.0f CPUs", others, number_or(r, "num_cpus", 0));
    out += (out.empty() ? "" : ", ") + std::string(part);
  }
  return out;
}

}  // namespace

nlohmann::json interference_record(const nlohmann::json& results) {
  if (!results.is_object() || !results.contains("context") || !results["context"].is_object()) return nullptr;
  return results["context"].value("interference", nlohmann::json());
}

std::string interference_note(const nlohmann::json& base, const nlohmann::json& next, const InterferenceThresholds& t) {
  if (!usable(base) || !usable(next)) return "";
  std::string note;
  const std::string a = own_disturbance(base, t), b = own_disturbance(next, t);
  if (!a.empty()) note = "run A (base) was disturbed (" + a + ")";
  if (!b.empty()) note += (note.empty() ? "" : "; ") + std::string("run B (new) was disturbed (") + b + ")";
  if (note.empty()) {
    // Neither changed within itself, yet one ran the same fixed kernel slower throughout.
    const double ratio = best_canary(next) / best_canary(base);
    if (std::abs(ratio - 1) > t.canary_change) {
      char part[160];
      std::snprintf(part, sizeof part, "run %s was disturbed (canary %+.0f %% against run %s)", ratio > 1 ? "B (new)" : "A (base)",
                    (std::max(ratio, 1 / ratio) - 1) * 100, ratio > 1 ? "A" : "B");
      note = part;
    }
  }
  return note.empty() ? note : note + "; use crucible ab";
}

InterferenceDecision decide_interference(const nlohmann::json& base, const nlohmann::json& next, Verdict verdict,
                                         const InterferenceThresholds& t) {
  if (verdict != Verdict::faster && verdict != Verdict::slower) return {verdict, ""};
  std::string note = interference_note(base, next, t);
  if (note.empty()) return {verdict, ""};
  return {Verdict::inconclusive, to_string(verdict) + " but " + note};
}

}  // namespace crucible
