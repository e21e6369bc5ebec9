#include "report/run_reports.hpp"

#include "report/reporter_registry.hpp"
#include "results/atomic_file.hpp"

namespace crucible {

std::vector<std::filesystem::path> write_default_reports(const ReportInput& input, const std::filesystem::path& folder) {
  std::vector<std::filesystem::path> written;
  for (const Reporter* reporter : reporters()) {
    written.push_back(folder / reporter->file_name());
    write_file_atomically(written.back(), reporter->render(input));
  }
  return written;
}

void write_run_reports(const nlohmann::json& results, const std::filesystem::path& out) {
  ReportInput input;
  input.results = results;
  write_default_reports(input, out);
}

}  // namespace crucible
