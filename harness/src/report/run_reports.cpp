#include "report/run_reports.hpp"

#include "report/report_input.hpp"
#include "results/atomic_file.hpp"
#include "results/history_store.hpp"

namespace crucible {

void write_run_reports(const nlohmann::json& results, const std::filesystem::path& out) {
  ReportInput input;
  input.results = results;
  write_file_atomically(out / "report.md", render_markdown(input));
  write_file_atomically(out / "junit.xml", render_junit(input));
  write_file_atomically(out / "report.html", render_html(input));
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
