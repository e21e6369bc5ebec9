// JUnit XML: each property, determinism check, case error and gated benchmark is a test case;
// failures carry their counterexample, reproduction command or verdict.
#include <cstdio>
#include <sstream>

#include "report/report_input.hpp"
#include "report/reporter.hpp"

namespace crucible {

namespace {

struct TestCase {
  std::string classname, name, failure_type, failure_message, failure_text;
  bool error = false, skipped = false;
  double seconds = 0;
};

void write_suite(std::ostringstream& os, const std::string& name, const std::vector<TestCase>& cases) {
  int failures = 0, errors = 0, skipped = 0;
  for (const auto& c : cases) {
    if (c.skipped) ++skipped;
    else if (c.error) ++errors;
    else if (!c.failure_type.empty()) ++failures;
  }
  os << "  <testsuite name=\"" << escape_xml(name) << "\" tests=\"" << cases.size() << "\" failures=\"" << failures
     << "\" errors=\"" << errors << "\" skipped=\"" << skipped << "\">\n";
  for (const auto& c : cases) {
    char seconds[32];
    std::snprintf(seconds, sizeof seconds, "%.3f", c.seconds);
    os << "    <testcase classname=\"" << escape_xml(c.classname) << "\" name=\"" << escape_xml(c.name) << "\" time=\""
       << seconds << "\"";
    if (c.skipped) {
      os << "><skipped message=\"" << escape_xml(c.failure_message) << "\"/></testcase>\n";
    } else if (!c.failure_type.empty()) {
      const char* tag = c.error ? "error" : "failure";
      os << ">\n      <" << tag << " type=\"" << escape_xml(c.failure_type) << "\" message=\""
         << escape_xml(c.failure_message) << "\">" << escape_xml(c.failure_text) << "</" << tag << ">\n    </testcase>\n";
    } else {
      os << "/>\n";
    }
  }
  os << "  </testsuite>\n";
}

}  // namespace

std::string render_junit(const ReportInput& input) {
  const auto& doc = input.results;
  const std::string suite = doc.value("suite", nlohmann::json::object()).value("name", "crucible");
  std::vector<TestCase> properties, determinism, cases, benchmarks;
  for (const auto& p : doc.value("properties", nlohmann::json::array())) {
    TestCase t{p.value("case", ""), p.value("property", ""), "", "", "", false, false, 0};
    const std::string status = p.value("status", "");
    if (status != "passed") {
      t.failure_type = status;
      t.error = status == "error";
      t.failure_message = "property '" + p.value("property", "") + "' " + status + " after " +
                          std::to_string(p.value("cases", 0)) + " case(s)";
      std::string text = p.value("message", "");
      for (const auto& line : counterexample_lines(p)) text += "\ncounterexample: " + line;
      if (p.contains("repro")) text += "\nreproduce: " + p["repro"].get<std::string>();
      t.failure_text = text;
    }
    properties.push_back(t);
  }
  for (const auto& d : doc.value("determinism", nlohmann::json::array())) {
    TestCase t{d.value("case", ""), "deterministic " + d.value("params", nlohmann::json::object()).dump(), "", "", "",
               false, false, 0};
    const std::string status = d.value("status", "");
    if (status != "passed") {
      t.failure_type = status == "failed" ? "not deterministic" : status;
      t.error = status == "error";
      t.failure_message = d.value("message", status);
      std::string text;
      for (const auto& r : d.value("runs", nlohmann::json::array())) {
        text += r.value("what", "") + ": digest " + r.value("digest", "") + "\n";
      }
      t.failure_text = text;
    }
    determinism.push_back(t);
  }
  for (const auto& c : doc.value("cases", nlohmann::json::array())) {
    TestCase t{"cases", c.value("name", ""), "", "", "", false, false, c.value("seconds", 0.0)};
    const std::string status = c.value("status", "");
    if (status == "skipped") {
      t.skipped = true;
      t.failure_message = c.value("reason", "skipped");
    } else if (status != "passed") {
      t.failure_type = status;
      t.error = status == "error";
      t.failure_message = c.value("reason", status);
      t.failure_text = c.value("stderr_tail", "");
    }
    cases.push_back(t);
  }
  if (input.comparison) {
    for (const auto& r : input.comparison->rows) {
      TestCase t{"benchmarks." + r.case_name, r.name, "", "", "", false, false, 0};
      char text[512];
      std::snprintf(text, sizeof text,
                    "%s: %s (median %s -> %s), ratio interval [%.3f, %.3f], p = %.3g, %s; minimum effect %.1f%%",
                    to_string(r.result.verdict).c_str(), format_change(r.result.ratio).c_str(),
                    format_duration_ns(r.base_median_ns).c_str(), format_duration_ns(r.new_median_ns).c_str(),
                    r.result.interval.low, r.result.interval.high, r.result.p_value, r.result.test.c_str(),
                    input.min_effect * 100);
      if (r.result.verdict == Verdict::slower) {
        t.failure_type = "regression";
        t.failure_message = text;
        t.failure_text = text;
      } else if (r.result.verdict == Verdict::not_comparable) {
        t.skipped = true;
        t.failure_message = "not comparable: " + r.result.reason;
      }
      benchmarks.push_back(t);
    }
  }
  std::ostringstream os;
  os << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"" << escape_xml(suite) << "\">\n";
  write_suite(os, suite + ".properties", properties);
  write_suite(os, suite + ".determinism", determinism);
  write_suite(os, suite + ".cases", cases);
  if (input.comparison) write_suite(os, suite + ".benchmarks", benchmarks);
  os << "</testsuites>\n";
  return os.str();
}

namespace {

class JunitReporter final : public Reporter {
 public:
  std::string_view name() const override { return "junit"; }
  std::string_view file_name() const override { return "junit.xml"; }
  std::string_view option() const override { return "--junit"; }
  std::string_view description() const override { return "JUnit XML (each check and gated benchmark a test case)"; }
  std::string render(const ReportInput& input) const override { return render_junit(input); }
};

}  // namespace

const Reporter& junit_reporter() {
  static const JunitReporter reporter;
  return reporter;
}

}  // namespace crucible
