// Reports rendered from synthetic results: what goes first, what is escaped, what is drawn.
#include <gtest/gtest.h>

#include <random>

#include "report/report_input.hpp"
#include "report/svg_chart.hpp"

namespace crucible {
namespace {

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

// Two variants over n = 1000, 10000, 100000, five repetitions each; `scale` multiplies
// cpu_fast's times at n = 100000 (the regression to find).
nlohmann::json results(double scale, bool with_failure) {
  std::mt19937_64 rng(static_cast<std::uint64_t>(scale * 1000));
  std::normal_distribution<double> z(0, 0.005);
  nlohmann::json doc = {{"schema", "crucible.results/1"},
                        {"suite", {{"name", "demo <suite> & co"}, {"path", ""}}},
                        {"seed", 42},
                        {"context", {{"num_cpus", 2}, {"host_name", "ci"}}},
                        {"cases", nlohmann::json::array()},
                        {"properties", nlohmann::json::array()},
                        {"determinism", nlohmann::json::array()},
                        {"benchmarks", nlohmann::json::array()},
                        {"summary", {{"passed", 2}, {"failed", with_failure ? 1 : 0}, {"error", 0}, {"skipped", 0}}}};
  for (const char* variant : {"cpu_ref", "cpu_fast"}) {
    const std::string case_name = std::string("demo/sum/") + variant;
    doc["cases"].push_back({{"name", case_name}, {"status", "passed"}});
    for (int n : {1000, 10000, 100000}) {
      const std::string name = case_name + "/n:" + std::to_string(n) + "/repeats:5/real_time";
      double t = n * (variant[4] == 'r' ? 1.0 : 0.25);
      if (variant[4] == 'f' && n == 100000) t *= scale;
      for (int r = 0; r < 5; ++r) {
        doc["benchmarks"].push_back({{"name", name}, {"run_name", name}, {"run_type", "iteration"},
                                     {"repetition_index", r}, {"real_time", t * (1 + z(rng))}, {"time_unit", "ns"},
                                     {"case", case_name}, {"params", {{"n", n}}}});
      }
    }
  }
  if (with_failure) {
    doc["cases"].push_back({{"name", "demo/sum/laws"}, {"status", "failed"}});
    doc["properties"].push_back({{"case", "demo/sum/laws"},
                                 {"property", "sum <= max * n"},
                                 {"status", "failed"},
                                 {"cases", 12},
                                 {"counterexample", nlohmann::json::array({nlohmann::json::array({"std::vector<int>", "[1, 2]"})})},
                                 {"repro", "crucible run 'suite.toml' --only 'demo/sum/laws' --seed 42"}});
  }
  return doc;
}

ReportInput compared(bool with_failure) {
  ReportInput input;
  input.results = results(1.3, with_failure);
  input.comparison = compare_results(results(1.0, false), input.results, VerdictPolicy{});
  return input;
}

TEST(MarkdownReport, RegressionsFirstThenCorrectnessThenTheRestFolded) {
  const auto md = render_markdown(compared(true));
  const auto regressions = md.find("Regressions"), correctness = md.find("Correctness failures"),
             folded = md.find("<details><summary>Other benchmarks");
  ASSERT_NE(regressions, std::string::npos) << md;
  ASSERT_NE(correctness, std::string::npos);
  ASSERT_NE(folded, std::string::npos);
  EXPECT_LT(regressions, correctness);
  EXPECT_LT(correctness, folded);
  // The one regression is the cpu_fast n=100000 benchmark, in the regressions table.
  const auto table = md.substr(regressions, correctness - regressions);
  EXPECT_NE(table.find("demo/sum/cpu_fast/n:100000"), std::string::npos);
  EXPECT_EQ(count(table, "| slower |"), 1u);
  EXPECT_NE(md.find("crucible run 'suite.toml' --only 'demo/sum/laws' --seed 42"), std::string::npos);
  EXPECT_NE(md.find("1 slower, 0 faster, 5 same"), std::string::npos) << md;
}

TEST(JunitReport, GatedBenchmarksAndPropertiesAreTestCases) {
  const auto xml = render_junit(compared(true));
  EXPECT_EQ(xml.rfind("<?xml", 0), 0u);
  EXPECT_NE(xml.find("name=\"demo &lt;suite&gt; &amp; co\""), std::string::npos);  // escaped
  EXPECT_EQ(count(xml, "<failure type=\"regression\""), 1u);
  EXPECT_EQ(count(xml, "<failure type=\"failed\""), 2u);  // the property and its case
  EXPECT_NE(xml.find("counterexample: std::vector&lt;int&gt; = [1, 2]"), std::string::npos);
  EXPECT_NE(xml.find("reproduce: crucible run"), std::string::npos);
  EXPECT_EQ(count(xml, "<testsuite "), count(xml, "</testsuite>"));
  EXPECT_EQ(count(xml, "<testcase "), 1u + 3u + 6u);  // 1 property, 3 cases, 6 gated benchmarks
}

TEST(HtmlReport, SelfContainedWithCharts) {
  const auto html = render_html(compared(true));
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("src="), std::string::npos);
  EXPECT_EQ(html.find("<link"), std::string::npos);
  // Every http(s) reference is the SVG namespace, which is a name, not a download.
  for (std::size_t at = html.find("http"); at != std::string::npos; at = html.find("http", at + 1)) {
    if (html.compare(at, 7, "http://") != 0 && html.compare(at, 8, "https://") != 0) continue;
    const std::size_t end = html.find_first_of("\"' ", at);
    EXPECT_EQ(html.substr(at, end - at), "http://www.w3.org/2000/svg");
  }
  EXPECT_NE(html.find("id=\"speedup\""), std::string::npos);
  EXPECT_NE(html.find("id=\"scaling\""), std::string::npos);
  EXPECT_NE(html.find("id=\"correctness\""), std::string::npos);
  EXPECT_NE(html.find("id=\"environment\""), std::string::npos);
  // Speedup bars (6 benchmarks) and one scaling chart over n with a line per variant.
  EXPECT_EQ(count(html, "<svg class=\"chart\""), 2u);
  EXPECT_EQ(count(html, "<polyline"), 2u);
  EXPECT_EQ(count(html, "<g class=\"bar\">"), 6u);
  EXPECT_NE(html.find("demo/sum: time over n"), std::string::npos);
  EXPECT_NE(html.find("crucible run &apos;suite.toml&apos;"), std::string::npos);
  EXPECT_NE(html.find("demo &lt;suite&gt; &amp; co"), std::string::npos);
}

TEST(HtmlReport, TrendsAndPeakWhenPresent) {
  ReportInput input;
  input.results = results(1.0, false);
  // cpu_ref n=1000 takes ~1 us: 2500 bytes per run is 25 % of a 10 GB/s peak. cpu_fast n=1000
  // carries percent_of_peak as crucible run writes it, which also places it on the roofline.
  input.results["capability"] = {{"peaks", {{"bytes_per_second", 1e10}}}};
  for (auto& e : input.results["benchmarks"]) {
    const std::string name = e["name"];
    if (name.rfind("demo/sum/cpu_ref/n:1000/", 0) == 0) e["work"] = {{"bytes", 2500}, {"ops", 0}};
    if (name.rfind("demo/sum/cpu_fast/n:1000/", 0) == 0) {
      e["work"] = {{"bytes", 1000}, {"ops", 500}};
      e["percent_of_peak"] = {{"memory_bandwidth", 40.0}, {"compute", 10.0}, {"bound", "memory"}, {"basis", "cpu: triad"}};
    }
  }
  HistorySeries series{"demo", "demo/sum/cpu_ref/n:1000", "demo/sum/cpu_ref", "{}", "f", {}};
  for (int i = 0; i < 12; ++i) {
    series.points.push_back({i + 1, "2026-01-01", "c" + std::to_string(i), "", i < 6 ? 100.0 : 150.0, {}});
  }
  input.trends.push_back(series);
  const auto html = render_html(input);
  EXPECT_NE(html.find("id=\"trends\""), std::string::npos);
  EXPECT_NE(html.find("change at c6 +50.0%"), std::string::npos) << "the change point names its commit";
  EXPECT_NE(html.find("Percent of measured peak"), std::string::npos);
  EXPECT_NE(html.find(">25%</text>"), std::string::npos);
  EXPECT_NE(html.find(">40%</text>"), std::string::npos);
  EXPECT_NE(html.find("(memory-bound) cpu: triad"), std::string::npos);
  EXPECT_NE(html.find("Roofline"), std::string::npos);
}

// One GPU benchmark as crucible run writes it: cold (primary, with CUPTI and a finding) and hot.
nlohmann::json gpu_results() {
  auto doc = results(1.0, false);
  for (const char* mode : {"cold", "hot"}) {
    const std::string run_name = std::string("demo/sum/cuda/n:1000/timing:") + mode + "/iterations:1/repeats:40/manual_time";
    for (const char* aggregate : {"mean", "median"}) {
      nlohmann::json e = {{"name", run_name + "_" + aggregate}, {"run_name", run_name}, {"run_type", "aggregate"},
                          {"aggregate_name", aggregate}, {"real_time", mode[0] == 'c' ? 12.5 : 8.0},
                          {"time_unit", "us"}, {"timer", "cuda_events"}, {"timing_mode", mode},
                          {"primary", mode[0] == 'c'}, {"stopped_by", "noise"}, {"samples_taken", 40},
                          {"samples_throttled", 3}, {"case", "demo/sum/cuda"}, {"params", {{"n", 1000}}},
                          {"samples_ns", nlohmann::json::array({12000.0, 12500.0, 13000.0})},
                          {"samples_sm_mhz", nlohmann::json::array({1980.0, 1965.0, 1980.0})}};
      if (mode[0] == 'c' && aggregate[1] == 'e') {
        e["cupti"] = {{"runs", 10},
                      {"kernels", nlohmann::json::array({{{"name", "sum_kernel(float const*, unsigned long)"},
                                                          {"launches_per_run", 1.0}, {"gpu_ns_per_run", 6000.0}}})},
                      {"nvtx_ranges", {{"demo/sum/cuda/n:1000", {{"ns_per_run", 12000.0}, {"count", 10}}},
                                       {"h2d", {{"ns_per_run", 4000.0}, {"count", 10}}}}}};
        e["timing_gap"] = {{"event_ns_per_run", 12000.0}, {"kernel_ns_per_run", 6000.0}, {"gap_fraction", 0.5}};
        e["findings"] = nlohmann::json::array({"event time 12 us vs CUPTI kernel sum 6 us: 50% of the timed region runs no kernel"});
      }
      doc["benchmarks"].push_back(e);
    }
  }
  return doc;
}

TEST(HtmlReport, GpuTimingModesSideBySideWithCuptiAndFindings) {
  ReportInput input;
  input.results = gpu_results();
  const auto html = render_html(input);
  const auto at = html.find("id=\"gpu-timing\"");
  ASSERT_NE(at, std::string::npos);
  const std::string section = html.substr(at, html.find("</section>", at) - at);
  EXPECT_NE(section.find("<code>demo/sum/cuda/n:1000</code>"), std::string::npos) << section;
  EXPECT_NE(section.find("<b>12.5 us</b>"), std::string::npos) << "cold gates: " << section;
  EXPECT_NE(section.find(">8 us<"), std::string::npos) << section;
  EXPECT_NE(section.find("40 (3)"), std::string::npos) << "samples and throttled ones";
  EXPECT_NE(section.find(">1980 MHz<"), std::string::npos) << "the median SM clock";
  EXPECT_NE(section.find("50.0%"), std::string::npos) << "the event/kernel gap";
  EXPECT_NE(section.find("sum_kernel(float const*, unsigned long): 6 us per run, 1 launch(es)"), std::string::npos);
  EXPECT_NE(section.find("finding: event time 12 us"), std::string::npos);
  EXPECT_NE(section.find("phase <code>h2d: 4 us per run</code>"), std::string::npos) << section;
  EXPECT_EQ(section.find("phase <code>demo/sum/cuda"), std::string::npos) << "the case's own range is no phase";
  // CPU-only results have no such section.
  input.results = results(1.0, false);
  EXPECT_EQ(render_html(input).find("id=\"gpu-timing\""), std::string::npos);
}

TEST(MarkdownReport, GpuFindingsInTheOpenTimingFolded) {
  ReportInput input;
  input.results = gpu_results();
  const auto md = render_markdown(input);
  const auto findings = md.find("### :mag: GPU findings");
  ASSERT_NE(findings, std::string::npos) << md;
  EXPECT_NE(md.find("- `demo/sum/cuda/n:1000`: event time 12 us", findings), std::string::npos);
  EXPECT_NE(md.find("| `demo/sum/cuda/n:1000` | 12.5 us | 8 us | - | cold | noise | 40 (3) | 1980 MHz | 12 us | 6 us |"),
            std::string::npos)
      << md;
}

TEST(MergeResults, ConcatenatesShards) {
  const auto merged = merge_results({results(1.0, false), results(1.0, true)});
  EXPECT_EQ(merged["benchmarks"].size(), 60u);
  EXPECT_EQ(merged["cases"].size(), 5u);
  EXPECT_EQ(merged["summary"]["failed"], 1);
  EXPECT_EQ(merged["summary"]["exit_code"], 1);
}

TEST(Format, DurationsAndChanges) {
  EXPECT_EQ(format_duration_ns(1500), "1.5 us");
  EXPECT_EQ(format_duration_ns(2.5e9), "2.5 s");
  EXPECT_EQ(format_change(1.123), "+12.3%");
  EXPECT_EQ(format_change(0.96), "-4.0%");
  EXPECT_EQ(escape_xml("a<b>&\"'\x01"), "a&lt;b&gt;&amp;&quot;&apos;?");
}

}  // namespace
}  // namespace crucible
