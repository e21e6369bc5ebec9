#include "results/results_file.hpp"

#include <fstream>

namespace crucible {

nlohmann::json load_results_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw ResultsFileError(path + ": cannot read the results file (does it exist?)");
  nlohmann::json doc;
  try {
    doc = nlohmann::json::parse(in);
  } catch (const std::exception& e) {
    throw ResultsFileError(path + ": not JSON: " + e.what());
  }
  if (!doc.is_object() || !doc.contains("benchmarks")) {
    throw ResultsFileError(path + ": not a crucible results file (no \"benchmarks\"); expected what `crucible run` writes");
  }
  const std::string schema = doc.value("schema", "");
  if (!schema.empty() && schema.rfind("crucible.results/", 0) != 0) {
    throw ResultsFileError(path + ": schema '" + schema + "' is not crucible.results/1");
  }
  return doc;
}

}  // namespace crucible
