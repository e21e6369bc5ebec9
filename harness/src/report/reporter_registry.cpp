#include "report/reporter_registry.hpp"

#include <algorithm>

namespace crucible {

// Every format, one line each: the function its own file defines, returning its reporter.
#define CRUCIBLE_REPORT_FORMATS(FORMAT) \
  FORMAT(markdown_reporter)             \
  FORMAT(junit_reporter)                \
  FORMAT(html_reporter)                 \
  FORMAT(csv_reporter)

#define CRUCIBLE_DECLARE_REPORTER(factory) const Reporter& factory();
CRUCIBLE_REPORT_FORMATS(CRUCIBLE_DECLARE_REPORTER)
#undef CRUCIBLE_DECLARE_REPORTER

const std::vector<const Reporter*>& reporters() {
#define CRUCIBLE_LIST_REPORTER(factory) &factory(),
  static const std::vector<const Reporter*> all = {CRUCIBLE_REPORT_FORMATS(CRUCIBLE_LIST_REPORTER)};
#undef CRUCIBLE_LIST_REPORTER
  return all;
}

const Reporter* find_reporter(std::string_view name_or_option) {
  for (const Reporter* r : reporters()) {
    if (r->name() == name_or_option || r->option() == name_or_option) return r;
  }
  return nullptr;
}

namespace {

void replace_all(std::string& text, std::string_view what, const std::string& with) {
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + with.size())) {
    text.replace(at, what.size(), with);
  }
}

}  // namespace

std::string with_report_formats(std::string_view help) {
  const auto& all = reporters();
  std::string files, options;
  for (std::size_t i = 0; i < all.size(); ++i) {
    files += i == 0 ? "" : i + 1 == all.size() ? " and " : ", ";
    files += all[i]->file_name();
    std::string option = "  " + std::string(all[i]->option()) + " FILE";
    option.resize(std::max<std::size_t>(option.size() + 1, 21), ' ');
    options += (i == 0 ? "" : "\n") + option + std::string(all[i]->description());
  }
  std::string out(help);
  replace_all(out, "{report files}", files);
  replace_all(out, "{report options}", options);
  return out;
}

}  // namespace crucible
