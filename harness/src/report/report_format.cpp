#include <cmath>
#include <cstdio>

#include "report/report_input.hpp"

namespace crucible {

std::string format_change(double ratio) {
  char text[32];
  std::snprintf(text, sizeof text, "%+.1f%%", (ratio - 1.0) * 100.0);
  return text;
}

std::string escape_xml(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default:
        // Control characters other than tab/newline are not allowed in XML 1.0.
        if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n' && c != '\r') {
          out += '?';
        } else {
          out += c;
        }
    }
  }
  return out;
}

std::vector<std::string> counterexample_lines(const nlohmann::json& property) {
  std::vector<std::string> out;
  if (!property.contains("counterexample")) return out;
  const auto& ce = property["counterexample"];
  auto text = [](const nlohmann::json& v) { return v.is_string() ? v.get<std::string>() : v.dump(); };
  if (!ce.is_array()) {
    out.push_back(text(ce));
    return out;
  }
  for (const auto& arg : ce) {
    if (arg.is_array() && arg.size() == 2) {
      out.push_back(text(arg[0]) + " = " + text(arg[1]));
    } else {
      out.push_back(text(arg));
    }
  }
  return out;
}

nlohmann::json merge_results(const std::vector<nlohmann::json>& documents) {
  if (documents.empty()) return nlohmann::json::object();
  nlohmann::json merged = documents.front();
  for (std::size_t i = 1; i < documents.size(); ++i) {
    for (const char* key : {"plugins", "cases", "properties", "determinism", "benchmarks", "gpu_timing", "peers"}) {
      if (!merged.contains(key)) merged[key] = nlohmann::json::array();
      for (const auto& item : documents[i].value(key, nlohmann::json::array())) merged[key].push_back(item);
    }
  }
  if (documents.size() > 1) {
    nlohmann::json counts = {{"passed", 0}, {"failed", 0}, {"error", 0}, {"skipped", 0}};
    for (const auto& c : merged["cases"]) {
      const std::string status = c.value("status", "error");
      counts[status] = counts.value(status, 0) + 1;
    }
    int code = 0;
    for (const auto& d : documents) code = std::max(code, d.value("summary", nlohmann::json::object()).value("exit_code", 0));
    counts["exit_code"] = counts["failed"].get<int>() > 0 ? 1 : code;
    merged["summary"] = counts;
  }
  return merged;
}

}  // namespace crucible
