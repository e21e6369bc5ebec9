#include "report/run_reports.hpp"

#include "report/reporter_registry.hpp"
#include "results/atomic_file.hpp"
#include "results/history_store.hpp"

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

std::string record_run_history(const nlohmann::json& results, const std::filesystem::path& results_file) {
  if (history_disabled()) return "";
  const auto path = default_history_path();
  try {
    HistoryStore store(path);
    const auto id = store.append(results, current_git_commit(), current_build_flags(),
                                 std::filesystem::absolute(results_file).string());
    return "history: run " + std::to_string(id) + " in " + path.string();
  } catch (const std::exception& e) {
    return std::string("warning: run not recorded in history: ") + e.what();
  }
}

}  // namespace crucible
