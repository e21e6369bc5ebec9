#pragma once
// One report format: what it is called, the file it goes to beside results.json, the option
// that asks for it by path, and how it is rendered. Commands loop over the registry
// (report/reporter_registry.hpp) instead of naming formats, so a format is one file that
// implements this interface plus its line in the registry.
#include <string>
#include <string_view>

#include "report/report_input.hpp"

namespace crucible {

class Reporter {
 public:
  virtual ~Reporter() = default;

  virtual std::string_view name() const = 0;         // "markdown"
  virtual std::string_view file_name() const = 0;    // "report.md": written beside the results
  virtual std::string_view option() const = 0;       // "--md": write this format to the path given
  virtual std::string_view description() const = 0;  // one line for help texts
  virtual std::string render(const ReportInput& input) const = 0;
};

}  // namespace crucible
