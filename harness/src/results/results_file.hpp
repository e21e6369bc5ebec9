#pragma once
// A results file as `crucible run` writes it ("crucible.results/1"), read for compare, report,
// history and ab.
#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

#include <crucible/command_errors.hpp>

namespace crucible {

inline constexpr const char* kResultsSchema = "crucible.results/1";

// A file that cannot be read, is not JSON or is not a results document: a usage error (exit 2).
class ResultsFileError : public InputError {
 public:
  using InputError::InputError;
};

// The document, its schema and the types of the fields readers use checked; a ResultsFileError naming the path when it is not one.
nlohmann::json load_results_file(const std::string& path);

}  // namespace crucible
