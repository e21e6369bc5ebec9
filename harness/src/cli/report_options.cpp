#include "cli/report_options.hpp"

#include "cli/output_file.hpp"
#include "report/reporter_registry.hpp"
#include "results/atomic_file.hpp"

namespace crucible {

std::set<std::string> with_report_options(std::set<std::string> options) {
  for (const Reporter* reporter : reporters()) options.emplace(reporter->option());
  return options;
}

void check_requested_reports(const CommandLine& cl) {
  for (const Reporter* reporter : reporters()) {
    const std::string option(reporter->option());
    if (auto f = cl.option(option)) check_output_file(option, *f);
  }
  if (auto f = cl.option("--json")) check_output_file("--json", *f);
}

std::vector<std::string> write_requested_reports(const CommandLine& cl, const ReportInput& input) {
  std::vector<std::string> written;
  for (const Reporter* reporter : reporters()) {
    if (auto f = cl.option(std::string(reporter->option()))) {
      write_file_atomically(*f, reporter->render(input));
      written.push_back(*f);
    }
  }
  if (auto f = cl.option("--json"); f && input.comparison) {
    write_file_atomically(*f, input.comparison->to_json().dump(2) + "\n");
    written.push_back(*f);
  }
  return written;
}

}  // namespace crucible
