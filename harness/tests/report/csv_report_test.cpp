// The report registry and the CSV reporter: which formats there are, how CSV fields are quoted,
// and what a sheet rendered from a small results file holds.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>

#include "report/reporter_registry.hpp"

namespace crucible {
namespace {

using Table = std::vector<std::vector<std::string>>;

// An RFC 4180 reader, written from the RFC and not from the writer under test: quoted fields
// may hold commas, CR/LF and doubled quotes; records end in CRLF.
Table parse_csv(const std::string& text) {
  Table table(1);
  std::string field;
  bool quoted = false, field_started = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c == '"' && !field_started) {
      quoted = field_started = true;
    } else if (c == ',') {
      table.back().push_back(field);
      field.clear();
      field_started = false;
    } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
      table.back().push_back(field);
      field.clear();
      field_started = false;
      table.emplace_back();
      ++i;
    } else {
      EXPECT_NE(c, '"') << "a quote inside an unquoted field at byte " << i;
      EXPECT_NE(c, '\n') << "a bare LF outside quotes at byte " << i;
      field += c;
      field_started = true;
    }
  }
  EXPECT_FALSE(quoted) << "unterminated quoted field";
  if (!field.empty() || field_started || !table.back().empty()) {
    table.back().push_back(field);
  } else {
    table.pop_back();  // the CRLF after the last record
  }
  return table;
}

// Header name -> column of each row.
std::vector<std::map<std::string, std::string>> records(const std::string& csv) {
  const Table table = parse_csv(csv);
  std::vector<std::map<std::string, std::string>> out;
  if (table.empty()) return out;
  for (std::size_t r = 1; r < table.size(); ++r) {
    EXPECT_EQ(table[r].size(), table[0].size()) << "row " << r << " has another number of fields than the header";
    std::map<std::string, std::string> record;
    for (std::size_t c = 0; c < table[0].size() && c < table[r].size(); ++c) record[table[0][c]] = table[r][c];
    out.push_back(record);
  }
  return out;
}

double number(const std::string& text) {
  EXPECT_FALSE(text.empty());
  return text.empty() ? 0.0 : std::stod(text);
}

// Three benchmarks as `crucible run` writes them: a CPU one with three repetitions, Google
// Benchmark's aggregates, work and percent of peak; a threaded one whose params need quoting;
// one that failed.
nlohmann::json small_results() {
  return nlohmann::json::parse(R"({
    "schema": "crucible.results/1",
    "suite": {"name": "small", "path": ""},
    "seed": 7,
    "context": {"num_cpus": 2, "host_name": "ci"},
    "cases": [{"name": "demo/copy/cpu_ref", "status": "passed"}],
    "properties": [], "determinism": [],
    "summary": {"passed": 1, "failed": 0, "error": 0, "skipped": 0},
    "benchmarks": [
      {"name": "demo/copy/cpu_ref/n:1000/repeats:3/real_time", "run_name": "demo/copy/cpu_ref/n:1000/repeats:3/real_time",
       "run_type": "iteration", "repetition_index": 0, "real_time": 1.0, "time_unit": "us", "threads": 1,
       "timer": "steady_clock", "case": "demo/copy/cpu_ref", "params": {"n": 1000},
       "work": {"bytes": 8000.0, "ops": 0.0, "ops_type": "other"},
       "percent_of_peak": {"memory_bandwidth": 40.0, "bound": "memory"}},
      {"name": "demo/copy/cpu_ref/n:1000/repeats:3/real_time", "run_name": "demo/copy/cpu_ref/n:1000/repeats:3/real_time",
       "run_type": "iteration", "repetition_index": 1, "real_time": 2.0, "time_unit": "us", "threads": 1,
       "timer": "steady_clock", "case": "demo/copy/cpu_ref", "params": {"n": 1000},
       "work": {"bytes": 8000.0, "ops": 0.0, "ops_type": "other"},
       "percent_of_peak": {"memory_bandwidth": 20.0, "bound": "memory"}},
      {"name": "demo/copy/cpu_ref/n:1000/repeats:3/real_time", "run_name": "demo/copy/cpu_ref/n:1000/repeats:3/real_time",
       "run_type": "iteration", "repetition_index": 2, "real_time": 6.0, "time_unit": "us", "threads": 1,
       "timer": "steady_clock", "case": "demo/copy/cpu_ref", "params": {"n": 1000},
       "work": {"bytes": 8000.0, "ops": 0.0, "ops_type": "other"},
       "percent_of_peak": {"memory_bandwidth": 6.6667, "bound": "memory"}},
      {"name": "demo/copy/cpu_ref/n:1000/repeats:3/real_time_median", "run_name": "demo/copy/cpu_ref/n:1000/repeats:3/real_time",
       "run_type": "aggregate", "aggregate_name": "median", "aggregate_unit": "time", "real_time": 2.0, "time_unit": "us",
       "case": "demo/copy/cpu_ref", "params": {"n": 1000}, "work": {"bytes": 8000.0, "ops": 0.0, "ops_type": "other"},
       "percent_of_peak": {"memory_bandwidth": 20.0, "bound": "memory"}},
      {"name": "demo/copy/cpu_ref/n:1000/repeats:3/real_time_cv", "run_name": "demo/copy/cpu_ref/n:1000/repeats:3/real_time",
       "run_type": "aggregate", "aggregate_name": "cv", "aggregate_unit": "percentage", "real_time": 0.7, "time_unit": "us",
       "case": "demo/copy/cpu_ref", "params": {"n": 1000}},
      {"name": "demo/copy/cpu_fast/mode:a,\"b\"\nc/threads:2/real_time", "run_name": "demo/copy/cpu_fast/mode:a,\"b\"\nc/threads:2/real_time",
       "run_type": "iteration", "repetition_index": 0, "real_time": 500.0, "time_unit": "ns", "threads": 1,
       "case": "demo/copy/cpu_fast", "params": {"mode": "a,\"b\"\nc"}, "ops_per_second": 123.0},
      {"name": "demo/copy/broken/n:1000/real_time", "run_name": "demo/copy/broken/n:1000/real_time",
       "run_type": "iteration", "error_occurred": true, "error_message": "out of memory", "case": "demo/copy/broken",
       "params": {"n": 1000}}
    ]})");
}

TEST(ReporterRegistry, ListsEveryFormatWithItsOwnFileAndOption) {
  std::vector<std::string> names;
  std::set<std::string> files, options;
  for (const Reporter* r : reporters()) {
    names.emplace_back(r->name());
    files.emplace(r->file_name());
    options.emplace(r->option());
    EXPECT_EQ(r->option().rfind("--", 0), 0u) << r->name();
    EXPECT_FALSE(r->description().empty()) << r->name();
  }
  EXPECT_EQ(names, (std::vector<std::string>{"markdown", "junit", "html", "csv"}));
  EXPECT_EQ(files, (std::set<std::string>{"report.md", "junit.xml", "report.html", "report.csv"}));
  EXPECT_EQ(options, (std::set<std::string>{"--md", "--junit", "--html", "--csv"}));
}

TEST(ReporterRegistry, FindsAFormatByNameOrOption) {
  ASSERT_NE(find_reporter("csv"), nullptr);
  EXPECT_EQ(find_reporter("csv"), find_reporter("--csv"));
  EXPECT_EQ(find_reporter("--csv")->file_name(), "report.csv");
  EXPECT_EQ(find_reporter("--md")->name(), "markdown");
  EXPECT_EQ(find_reporter("--xlsx"), nullptr);
  EXPECT_EQ(find_reporter(""), nullptr);
}

TEST(ReporterRegistry, EachReporterRendersItsOwnFormat) {
  ReportInput input;
  input.results = small_results();
  EXPECT_EQ(find_reporter("markdown")->render(input), render_markdown(input));
  EXPECT_EQ(find_reporter("junit")->render(input), render_junit(input));
  EXPECT_EQ(find_reporter("html")->render(input), render_html(input));
  EXPECT_EQ(find_reporter("csv")->render(input).rfind("benchmark,case,params,", 0), 0u);
}

TEST(ReporterRegistry, HelpTextsNameTheFormats) {
  const std::string help = with_report_formats("writes {report files} beside it\noptions:\n{report options}\n  --json FILE\n");
  EXPECT_NE(help.find("writes report.md, junit.xml, report.html and report.csv beside it\n"), std::string::npos) << help;
  EXPECT_NE(help.find("\n  --csv FILE         CSV"), std::string::npos) << help;
  EXPECT_NE(help.find("\n  --md FILE          Markdown"), std::string::npos) << help;
  EXPECT_EQ(help.find('{'), std::string::npos) << help;
  EXPECT_NE(help.find("\n  --json FILE\n"), std::string::npos) << help;
}

TEST(CsvReport, QuotesFieldsWithCommaQuoteOrNewlineAndNothingElse) {
  ReportInput input;
  input.results = small_results();
  const std::string csv = find_reporter("csv")->render(input);
  // The params field a,"b"<LF>c: quoted, its quotes doubled, the line break kept inside.
  EXPECT_NE(csv.find(",\"mode=a,\"\"b\"\"\nc\","), std::string::npos) << csv;
  // Plain fields and numbers stay unquoted.
  EXPECT_NE(csv.find("\r\ndemo/copy/cpu_ref/n:1000,demo/copy/cpu_ref,n=1000,1,steady_clock,3,2000,3000,"), std::string::npos)
      << csv;
  const auto rows = records(csv);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[1].at("benchmark"), "demo/copy/cpu_fast/mode:a,\"b\"\nc/threads:2");
  EXPECT_EQ(rows[1].at("params"), "mode=a,\"b\"\nc");
}

TEST(CsvReport, OneRowPerBenchmarkWithItsStatistics) {
  ReportInput input;
  input.results = small_results();
  const std::string csv = find_reporter("csv")->render(input);
  const Table table = parse_csv(csv);
  ASSERT_FALSE(table.empty());
  EXPECT_EQ(table[0], (std::vector<std::string>{"benchmark", "case", "params", "threads", "timing", "samples", "median_ns",
                                                "mean_ns", "stddev_ns", "cv_percent", "bytes_per_second",
                                                "ops_per_second", "ops_type", "peak_memory_percent",
                                                "peak_compute_percent", "bound", "error"}));
  const auto rows = records(csv);
  ASSERT_EQ(rows.size(), 3u);  // three benchmarks; repetitions and aggregates are folded into one row each

  const auto& copy = rows[0];
  EXPECT_EQ(copy.at("benchmark"), "demo/copy/cpu_ref/n:1000");
  EXPECT_EQ(copy.at("case"), "demo/copy/cpu_ref");
  EXPECT_EQ(copy.at("threads"), "1");
  EXPECT_EQ(copy.at("samples"), "3");
  EXPECT_DOUBLE_EQ(number(copy.at("median_ns")), 2000);  // 1, 2, 6 us
  EXPECT_DOUBLE_EQ(number(copy.at("mean_ns")), 3000);
  EXPECT_NEAR(number(copy.at("stddev_ns")), 2645.75, 0.01);  // sample standard deviation
  EXPECT_NEAR(number(copy.at("cv_percent")), 88.19, 0.01);
  EXPECT_DOUBLE_EQ(number(copy.at("bytes_per_second")), 4e9);  // 8000 bytes in 2 us
  EXPECT_EQ(copy.at("ops_per_second"), "");                     // no operations counted
  EXPECT_DOUBLE_EQ(number(copy.at("peak_memory_percent")), 20);  // the median's, not the first repetition's
  EXPECT_EQ(copy.at("peak_compute_percent"), "");
  EXPECT_EQ(copy.at("bound"), "memory");
  EXPECT_EQ(copy.at("error"), "");

  const auto& fast = rows[1];
  EXPECT_EQ(fast.at("threads"), "2");  // from the name: Google Benchmark's own count is 1
  EXPECT_DOUBLE_EQ(number(fast.at("median_ns")), 500);
  EXPECT_EQ(fast.at("stddev_ns"), "");  // one sample has none
  EXPECT_DOUBLE_EQ(number(fast.at("ops_per_second")), 123);

  const auto& broken = rows[2];
  EXPECT_EQ(broken.at("samples"), "0");
  EXPECT_EQ(broken.at("median_ns"), "");
  EXPECT_EQ(broken.at("error"), "out of memory");
}

TEST(CsvReport, PercentOfPeakIsRestatedAtTheMedianWithoutAnAggregate) {
  ReportInput input;
  input.results = small_results();
  auto& benchmarks = input.results["benchmarks"];
  benchmarks.erase(benchmarks.begin() + 3, benchmarks.begin() + 5);  // the median and cv aggregates
  const auto rows = records(find_reporter("csv")->render(input));
  ASSERT_EQ(rows.size(), 3u);
  // 40 % at the first repetition's 1 us is 20 % at the median's 2 us.
  EXPECT_DOUBLE_EQ(number(rows[0].at("peak_memory_percent")), 20);
}

TEST(CsvReport, AgainstABaselineCarriesTheVerdicts) {
  nlohmann::json base = small_results(), next = small_results();
  // The new run is three times slower on cpu_ref, lacks broken, and adds one benchmark.
  for (auto& e : next["benchmarks"]) {
    if (e.value("case", "") == "demo/copy/cpu_ref") e["real_time"] = e["real_time"].get<double>() * 3;
  }
  next["benchmarks"].erase(next["benchmarks"].end() - 1);
  next["benchmarks"].push_back({{"name", "demo/copy/cpu_new/real_time"}, {"run_name", "demo/copy/cpu_new/real_time"},
                                {"run_type", "iteration"}, {"real_time", 9.0}, {"time_unit", "ns"},
                                {"case", "demo/copy/cpu_new"}});
  base["benchmarks"].erase(base["benchmarks"].end() - 1);
  base["benchmarks"].push_back({{"name", "demo/copy/gone/real_time"}, {"run_name", "demo/copy/gone/real_time"},
                                {"run_type", "iteration"}, {"real_time", 9.0}, {"time_unit", "ns"},
                                {"case", "demo/copy/gone"}});
  ReportInput input;
  input.results = next;
  input.comparison = compare_results(base, next, VerdictPolicy{});
  const std::string csv = find_reporter("csv")->render(input);
  const Table table = parse_csv(csv);
  ASSERT_FALSE(table.empty());
  const std::vector<std::string> tail(table[0].end() - 8, table[0].end());
  EXPECT_EQ(tail, (std::vector<std::string>{"baseline_median_ns", "new_median_ns", "change_percent", "ratio_low",
                                            "ratio_high", "p_value", "test", "verdict"}));
  const auto rows = records(csv);
  ASSERT_EQ(rows.size(), 4u) << csv;  // cpu_ref, cpu_fast, cpu_new, and gone from the baseline
  std::map<std::string, std::map<std::string, std::string>> by_name;
  for (const auto& r : rows) by_name[r.at("benchmark")] = r;
  const auto& ref = by_name.at("demo/copy/cpu_ref/n:1000");
  EXPECT_DOUBLE_EQ(number(ref.at("baseline_median_ns")), 2000);
  EXPECT_DOUBLE_EQ(number(ref.at("new_median_ns")), 6000);
  EXPECT_DOUBLE_EQ(number(ref.at("change_percent")), 200);
  EXPECT_FALSE(ref.at("verdict").empty());
  for (const auto& r : input.comparison->rows) {
    if (r.name == "demo/copy/cpu_ref/n:1000") {
      EXPECT_EQ(ref.at("verdict"), to_string(r.result.verdict));
    }
  }
  EXPECT_EQ(by_name.at("demo/copy/cpu_new").at("verdict"), "no baseline");
  EXPECT_EQ(by_name.at("demo/copy/cpu_new").at("baseline_median_ns"), "");
  EXPECT_EQ(by_name.at("demo/copy/gone").at("verdict"), "missing from this run");
}

TEST(CsvReport, WithoutAComparisonHasNoVerdictColumns) {
  ReportInput input;
  input.results = small_results();
  const Table table = parse_csv(find_reporter("csv")->render(input));
  ASSERT_FALSE(table.empty());
  EXPECT_EQ(std::count(table[0].begin(), table[0].end(), "verdict"), 0);
  EXPECT_EQ(table[0].back(), "error");
}

}  // namespace
}  // namespace crucible
