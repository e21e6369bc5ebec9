#include "results/results_file.hpp"

#include <fstream>

#include "results/benchmark_entry.hpp"

namespace crucible {

namespace {

const char* type_name(const nlohmann::json& value) { return value.type_name(); }

// The fields readers rely on, with their types: a wrong type is named here, never met later
// as a raw JSON error or, worse, a benchmark silently dropped from a comparison.
void check_fields(const std::string& path, const nlohmann::json& doc) {
  auto fail = [&](const std::string& field, const std::string& expected, const nlohmann::json& got) {
    throw ResultsFileError(path + ": " + field + ": expected " + expected + ", got " + type_name(got));
  };
  if (doc.contains("schema") && !doc["schema"].is_string()) fail("schema", "a string", doc["schema"]);
  if (!doc["benchmarks"].is_array()) fail("benchmarks", "an array", doc["benchmarks"]);
  for (const char* list : {"cases", "properties", "determinism"}) {
    if (doc.contains(list) && !doc[list].is_array()) fail(list, "an array", doc[list]);
  }
  const auto& benchmarks = doc["benchmarks"];
  for (std::size_t i = 0; i < benchmarks.size(); ++i) {
    const auto& entry = benchmarks[i];
    const std::string at = "benchmarks[" + std::to_string(i) + "]";
    if (!entry.is_object()) fail(at, "an object", entry);
    for (const char* key : {"name", "run_name", "time_unit", "run_type", "aggregate_name", "case"}) {
      if (entry.contains(key) && !entry[key].is_string()) fail(at + "." + key, "a string", entry[key]);
    }
    for (const char* key : {"real_time", "cpu_time", "iterations"}) {
      if (entry.contains(key) && !entry[key].is_number()) fail(at + "." + key, "a number", entry[key]);
    }
    if (!entry.contains("name") && !entry.contains("run_name")) {
      throw ResultsFileError(path + ": " + at + ": has neither name nor run_name");
    }
    if (entry.contains(kSamplesNsKey)) {
      const auto& samples = entry[kSamplesNsKey];
      if (!samples.is_array()) fail(at + "." + kSamplesNsKey, "an array", samples);
      for (const auto& s : samples) {
        if (!s.is_number()) fail(at + "." + kSamplesNsKey + "[]", "numbers", s);
      }
    }
  }
}

}  // namespace

nlohmann::json load_results_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw ResultsFileError(path + ": cannot read the results file (does it exist?)");
  nlohmann::json doc;
  try {
    doc = nlohmann::json::parse(in);
  } catch (const std::exception& e) {
    // nlohmann's text without its "[json.exception.parse_error.101] " tag: the user's words.
    std::string what = e.what();
    if (what.rfind("[json.exception.", 0) == 0) {
      if (const auto p = what.find("] "); p != std::string::npos) what = what.substr(p + 2);
    }
    throw ResultsFileError(path + ": not JSON: " + what);
  }
  if (!doc.is_object() || !doc.contains("benchmarks")) {
    throw ResultsFileError(path + ": not a crucible results file (no \"benchmarks\"); expected what `crucible run` writes");
  }
  check_fields(path, doc);
  const std::string schema = doc.value("schema", "");
  if (!schema.empty() && schema != kResultsSchema) {
    throw ResultsFileError(path + ": schema '" + schema + "' is not one this crucible reads (" + kResultsSchema +
                           ")" + (schema.rfind("crucible.results/", 0) == 0 ? "; it was written by another version" : ""));
  }
  return doc;
}

}  // namespace crucible
