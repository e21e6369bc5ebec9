// A self-contained HTML page: inline CSS and SVG, no scripts, no network.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>
#include <sstream>

#include "compare/fingerprint.hpp"
#include "compare/statistics.hpp"
#include "history/history_change_points.hpp"
#include "report/gpu_timing_rows.hpp"
#include "report/peer_rows.hpp"
#include "report/report_input.hpp"
#include "report/reporter.hpp"
#include "report/svg_chart.hpp"
#include "results/benchmark_entry.hpp"

namespace crucible {

namespace {

const char* const kStyle = R"css(
body{font-family:system-ui,-apple-system,Segoe UI,sans-serif;margin:24px;color:#222;max-width:1200px}
h1{font-size:22px}h2{font-size:18px;border-bottom:1px solid #ddd;padding-bottom:4px;margin-top:32px}
table{border-collapse:collapse;font-size:13px;margin:8px 0}td,th{border:1px solid #ddd;padding:4px 8px;text-align:left;vertical-align:top}
th{background:#f4f4f4}.num{text-align:right}code,pre{font-family:ui-monospace,monospace;font-size:12px}
pre{background:#f6f8fa;padding:6px;white-space:pre-wrap;word-break:break-all;margin:4px 0}
.passed,.same{color:#2e7d32}.failed,.slower,.error{color:#c62828;font-weight:bold}.faster{color:#1565c0;font-weight:bold}
.inconclusive,.skipped,.not-comparable{color:#8d6e00}.badge{display:inline-block;padding:2px 8px;border-radius:10px;background:#eee;margin-right:6px}
.charts{display:flex;flex-wrap:wrap;gap:16px}.note{color:#666;font-size:13px}
)css";

std::string short_percent(double v) {
  char text[32];
  std::snprintf(text, sizeof text, "%.3g%%", v);
  return text;
}

std::string css_class(const std::string& text) {
  std::string out;
  for (char c : text) out += c == ' ' ? '-' : c;
  return out;
}

std::string verdict_colour(Verdict v) {
  switch (v) {
    case Verdict::slower: return "#e15759";
    case Verdict::faster: return "#4e79a7";
    case Verdict::same: return "#59a14f";
    case Verdict::inconclusive: return "#edc948";
    case Verdict::not_comparable: return "#bab0ac";
  }
  return "#999";
}

// "plugin/workload/variant" -> ("plugin/workload", "variant").
std::pair<std::string, std::string> split_case(const std::string& case_name) {
  const auto slash = case_name.rfind('/');
  if (slash == std::string::npos) return {case_name, case_name};
  return {case_name.substr(0, slash), case_name.substr(slash + 1)};
}

std::string threads_of(const std::string& benchmark) {
  const auto at = benchmark.find("/threads:");
  if (at == std::string::npos) return "";
  const auto end = benchmark.find('/', at + 1);
  return benchmark.substr(at + 1, end == std::string::npos ? std::string::npos : end - at - 1);
}

void summary_section(std::ostringstream& os, const ReportInput& input) {
  const auto& doc = input.results;
  const auto summary = doc.value("summary", nlohmann::json::object());
  os << "<section id=\"summary\"><h2>Summary</h2><p>";
  for (const char* key : {"passed", "failed", "error", "skipped"}) {
    os << "<span class=\"badge " << key << "\">" << summary.value(key, 0) << " " << key << "</span>";
  }
  os << "</p><table><tr><th>suite</th><td>" << escape_xml(doc.value("suite", nlohmann::json::object()).value("name", ""))
     << " (" << escape_xml(doc.value("suite", nlohmann::json::object()).value("path", "")) << ")</td></tr>"
     << "<tr><th>seed</th><td>" << doc.value("seed", nlohmann::json(0)).dump() << "</td></tr>"
     << "<tr><th>started</th><td>" << escape_xml(doc.value("started", "")) << "</td></tr>"
     << "<tr><th>exit code</th><td>" << summary.value("exit_code", 0) << "</td></tr>";
  if (input.comparison) {
    os << "<tr><th>vs baseline</th><td>" << escape_xml(verdict_summary(*input.comparison)) << " (minimum effect "
       << input.min_effect * 100 << "%, " << escape_xml(input.comparison->mode) << ")</td></tr>";
    if (!input.comparison->fingerprint_note.empty()) {
      os << "<tr><th>not comparable</th><td class=\"not-comparable\">" << escape_xml(input.comparison->fingerprint_note)
         << "</td></tr>";
    }
    if (!input.comparison->interference_note.empty()) {
      os << "<tr><th>disturbed</th><td class=\"not-comparable\">" << escape_xml(input.comparison->interference_note)
         << "</td></tr>";
    }
  }
  os << "</table></section>\n";
}

void comparison_section(std::ostringstream& os, const ReportInput& input) {
  os << "<section id=\"speedup\"><h2>Speedup per case</h2>";
  if (!input.comparison || input.comparison->rows.empty()) {
    os << "<p class=\"note\">No baseline given: run <code>crucible report RESULTS.json --base BASE.json</code> or "
          "<code>crucible compare</code> for verdicts.</p></section>\n";
    return;
  }
  const auto& c = *input.comparison;
  std::vector<Bar> bars;
  for (const auto& r : c.rows) {
    const double speedup = r.result.ratio > 0 ? 1.0 / r.result.ratio : 1.0;
    char tip[256];
    std::snprintf(tip, sizeof tip, "%s: %s, speedup %.3fx, p = %.3g", r.name.c_str(), to_string(r.result.verdict).c_str(),
                  speedup, r.result.p_value);
    bars.push_back({r.name, speedup, verdict_colour(r.result.verdict), tip});
  }
  os << "<div class=\"charts\">" << svg_ratio_bars("Speedup (base time / new time)", bars, 1.0, "x") << "</div>";
  os << "<table><tr><th>benchmark</th><th>verdict</th><th>change</th><th>ratio interval</th><th>p</th><th>base</th>"
        "<th>new</th><th>samples</th><th>test</th></tr>";
  for (const auto& r : c.rows) {
    char interval[64], p[32];
    std::snprintf(interval, sizeof interval, "[%.3f, %.3f]", r.result.interval.low, r.result.interval.high);
    std::snprintf(p, sizeof p, "%.3g", r.result.p_value);
    const std::string v = to_string(r.result.verdict);
    os << "<tr><td><code>" << escape_xml(r.name) << "</code></td><td class=\"" << css_class(v) << "\">" << v
       << "</td><td class=\"num\">" << format_change(r.result.ratio) << "</td><td>" << interval << "</td><td class=\"num\">"
       << p << "</td><td class=\"num\">" << format_duration_ns(r.base_median_ns) << "</td><td class=\"num\">"
       << format_duration_ns(r.new_median_ns) << "</td><td class=\"num\">" << r.result.base_count << " / "
       << r.result.new_count << "</td><td>" << escape_xml(r.result.test.empty() ? r.result.reason : r.result.test)
       << (r.result.reason.empty() || r.result.test.empty() ? "" : "<br><span class=\"note\">" + escape_xml(r.result.reason) + "</span>")
       << "</td></tr>";
  }
  os << "</table></section>\n";
}

// Each variant against each peer on the same inputs in the same run: peer time / variant time.
void peer_section(std::ostringstream& os, const nlohmann::json& doc) {
  const auto rows = peer_rows(doc);
  if (rows.empty()) return;
  os << "<section id=\"peers\"><h2>Peers</h2><p class=\"note\">Other programs doing the same job on the inputs "
        "the workload exported, checked against its reference and timed in this run. vs peer: the peer's median "
        "time over the variant's (above 1x the variant is faster).</p>";
  std::vector<Bar> bars;
  for (const auto& r : rows) {
    for (const auto& v : r.variants) {
      if (v.speedup <= 0) continue;
      const std::string label = v.variant.substr(v.variant.rfind('/') + 1) + " vs " + r.peer +
                                (r.varying.empty() ? "" : " " + r.varying);
      char tip[512];
      std::snprintf(tip, sizeof tip, "%s vs %s at %s, %u thread(s): %.3fx", v.variant.c_str(), r.peer_case.c_str(),
                    r.params.c_str(), r.threads, v.speedup);
      bars.push_back({label, v.speedup, r.agrees ? (v.speedup >= 1 ? "#2e7d32" : "#c62828") : "#9e9e9e", tip});
    }
  }
  if (!bars.empty()) os << "<div class=\"charts\">" << svg_ratio_bars("Variant vs peer (peer time / variant time)", bars, 1.0, "x") << "</div>";
  os << "<table><tr><th>peer</th><th>params</th><th>threads</th><th>agreement</th><th>peer median</th><th>variant</th>"
        "<th>variant median</th><th>vs peer</th></tr>";
  for (const auto& r : rows) {
    const std::string agreement = r.agrees ? "agrees (" + r.equivalence + ", " + r.reference + ")" : "disagrees: " + r.where;
    auto row = [&](const std::string& variant, const std::string& median, const std::string& ratio) {
      os << "<tr><td><code>" << escape_xml(r.peer_case) << "</code></td><td title=\"" << escape_xml(r.params) << "\">"
         << escape_xml(r.varying.empty() ? r.params : r.varying) << "</td><td class=\"num\">" << r.threads << "</td><td class=\"" << (r.agrees ? "passed" : "failed") << "\">"
         << escape_xml(agreement) << "</td><td class=\"num\">" << (r.median_ns > 0 ? format_duration_ns(r.median_ns) : "-")
         << "</td><td><code>" << escape_xml(variant) << "</code></td><td class=\"num\">" << median
         << "</td><td class=\"num\">" << ratio << "</td></tr>";
    };
    if (r.variants.empty()) row("-", "-", "-");
    for (const auto& v : r.variants) {
      char ratio[32];
      std::snprintf(ratio, sizeof ratio, "%.2fx", v.speedup);
      row(v.variant, format_duration_ns(v.median_ns), v.speedup > 0 ? ratio : "-");
    }
  }
  os << "</table></section>\n";
}

void scaling_section(std::ostringstream& os, const nlohmann::json& doc) {
  os << "<section id=\"scaling\"><h2>Scaling</h2>";
  // workload -> benchmark samples
  std::map<std::string, std::vector<BenchmarkSamples>> by_workload;
  for (auto& s : benchmark_samples(doc)) by_workload[split_case(s.case_name).first].push_back(std::move(s));
  int charts = 0;
  std::ostringstream body;
  for (const auto& [workload, samples] : by_workload) {
    // Numeric axes with at least two values.
    std::map<std::string, std::set<double>> axes;
    for (const auto& s : samples) {
      for (const auto& [k, v] : s.params.items()) {
        if (v.is_number()) axes[k].insert(v.get<double>());
      }
    }
    for (const auto& [axis, values] : axes) {
      if (values.size() < 2) continue;
      // One chart per combination of the other parameters; one line per variant (and threads).
      std::map<std::string, std::map<std::string, LineSeries>> groups;
      for (const auto& s : samples) {
        if (!s.params.contains(axis) || !s.params[axis].is_number() || s.real_ns.empty()) continue;
        auto others = s.params;
        others.erase(axis);
        std::string variant = split_case(s.case_name).second;
        const std::string threads = threads_of(s.name);
        if (!threads.empty()) variant += " " + threads;
        auto& series = groups[others.dump()][variant];
        series.name = variant;
        series.points.emplace_back(s.params[axis].get<double>(), stats::median(s.real_ns));
      }
      for (auto& [others, lines] : groups) {
        if (charts >= 24) break;
        std::vector<LineSeries> list;
        for (auto& [name, series] : lines) {
          std::sort(series.points.begin(), series.points.end());
          list.push_back(series);
        }
        const bool log_x = *values.begin() > 0 && *values.rbegin() / *values.begin() >= 16;
        std::string title = workload + ": time over " + axis;
        if (others != "{}") title += " at " + others;
        body << svg_line_chart(title, axis, "median time", list, log_x, true);
        ++charts;
      }
    }
  }
  if (charts == 0) {
    os << "<p class=\"note\">No parameter axis with two or more values in this run: nothing to plot over.</p>";
  } else {
    os << "<div class=\"charts\">" << body.str() << "</div>";
  }
  os << "</section>\n";
}

void roofline_section(std::ostringstream& os, const nlohmann::json& doc) {
  os << "<section id=\"peak\"><h2>Percent of peak</h2>";
  // Per benchmark: its percent_of_peak (written by crucible run from the capability profile),
  // work and median time; or, for older files, the document's capability.peaks.
  const auto peaks = doc.value("capability", nlohmann::json::object()).value("peaks", nlohmann::json::object());
  struct Point {
    std::string name, bound, basis;
    double memory = -1, compute = -1, bytes = 0, ops = 0;
    std::vector<double> seconds;
  };
  std::map<std::string, Point> points;
  std::vector<std::string> order;
  for (const auto& e : doc.value("benchmarks", nlohmann::json::array())) {
    // CPU benchmarks: each iteration is a sample. GPU ones report aggregates: their median.
    const bool iteration = e.value("run_type", "iteration") == "iteration";
    if ((!iteration && !e.contains(kSamplesNsKey)) || !e.contains("real_time")) continue;
    const std::string name = benchmark_key(e.value("run_name", e.value("name", "")));
    auto [it, inserted] = points.emplace(name, Point{});
    auto& p = it->second;
    if (inserted) {
      order.push_back(name);
      p.name = name;
      const auto work = e.value("work", nlohmann::json::object());
      p.bytes = work.value("bytes", 0.0);
      p.ops = work.value("ops", 0.0);
    }
    if (e["real_time"].is_number()) p.seconds.push_back(to_ns(e["real_time"].get<double>(), e.value("time_unit", "ns")) * 1e-9);
    if (e.contains("percent_of_peak") && e["percent_of_peak"].is_object() && p.memory < 0 && p.compute < 0) {
      const auto& use = e["percent_of_peak"];
      p.memory = use.value("memory_bandwidth", -1.0);
      p.compute = use.value("compute", -1.0);
      p.bound = use.value("bound", "");
      p.basis = use.value("basis", "");
    }
  }
  const double peak_bytes = peaks.value("bytes_per_second", 0.0), peak_ops = peaks.value("ops_per_second", 0.0);
  std::vector<Bar> bars;
  LineSeries dots{"benchmarks", {}, false, {}};
  double roof_bw = 0, roof_ops = 0;
  for (const auto& name : order) {
    auto& p = points[name];
    if (p.seconds.empty()) continue;
    const double t = stats::median(p.seconds);
    if (p.memory < 0 && p.compute < 0 && t > 0) {
      if (peak_bytes > 0 && p.bytes > 0) p.memory = 100.0 * p.bytes / t / peak_bytes;
      if (peak_ops > 0 && p.ops > 0) p.compute = 100.0 * p.ops / t / peak_ops;
    }
    const double percent = std::max(p.memory, p.compute);
    if (percent < 0) continue;
    std::string tip = name + ": ";
    if (p.memory >= 0) tip += short_percent(p.memory) + " of peak bandwidth ";
    if (p.compute >= 0) tip += short_percent(p.compute) + " of peak compute ";
    if (!p.bound.empty()) tip += "(" + p.bound + "-bound) ";
    tip += p.basis;
    bars.push_back({name, percent, p.bound == "memory" ? "#4e79a7" : p.bound == "compute" ? "#f28e2b" : "#bab0ac", tip});
    // Roofline: arithmetic intensity against achieved operations per second.
    if (p.bytes > 0 && p.ops > 0 && t > 0 && p.memory > 0 && p.compute > 0) {
      roof_bw = std::max(roof_bw, p.bytes / t / (p.memory / 100.0));
      roof_ops = std::max(roof_ops, p.ops / t / (p.compute / 100.0));
      dots.points.emplace_back(p.ops / p.bytes, p.ops / t);
      dots.labels.push_back(tip);
    }
  }
  if (bars.empty()) {
    os << "<p class=\"note\">No capability profile with measured peaks in this run, so no percent-of-peak plot "
          "(<code>crucible profile</code> measures them).</p></section>\n";
    return;
  }
  os << "<div class=\"charts\">" << svg_linear_bars("Percent of measured peak (blue memory-, orange compute-bound)", bars, 100.0, "%");
  if (!dots.points.empty() && roof_bw > 0 && roof_ops > 0) {
    std::sort(dots.points.begin(), dots.points.end());
    double lo = dots.points.front().first / 4, hi = dots.points.back().first * 4;
    const double ridge = roof_ops / roof_bw;
    LineSeries roof{"roof", {}, true, {}};
    for (double x : {lo, std::clamp(ridge, lo, hi), hi}) roof.points.emplace_back(x, std::min(roof_ops, x * roof_bw));
    std::sort(roof.points.begin(), roof.points.end());
    os << svg_line_chart("Roofline", "arithmetic intensity (ops/byte)", "ops per second", {roof, dots}, true, true);
  }
  os << "</div></section>\n";
}

// GPU benchmarks: the timing modes side by side, CUDA-event time beside CUPTI's kernel sum.
void gpu_timing_section(std::ostringstream& os, const nlohmann::json& doc) {
  const auto rows = gpu_timing_rows(doc);
  if (rows.empty()) return;
  os << "<section id=\"gpu-timing\"><h2>GPU timing</h2><p class=\"note\">Medians per timing mode: cold (L2 flushed "
        "before each sample), hot (back to back), graph (CUDA graph replay). <b>Bold</b> is the mode that gates. "
        "Event time and the CUPTI kernel sum come from a separate traced pass; a gap between them is a finding.</p>"
        "<table><tr><th>benchmark</th><th>cold</th><th>hot</th><th>graph</th><th>stopped by</th>"
        "<th>samples (throttled)</th><th>SM clock</th><th>event / run</th><th>kernels / run</th><th>gap</th>"
        "<th>kernels</th></tr>";
  for (const auto& r : rows) {
    os << "<tr><td><code>" << escape_xml(r.benchmark) << "</code></td>";
    for (const char* mode : {"cold", "hot", "graph"}) {
      os << "<td class=\"num\">" << (r.primary == mode ? "<b>" : "") << r.median_text(mode)
         << (r.primary == mode ? "</b>" : "") << "</td>";
    }
    os << "<td>" << escape_xml(r.stopped_by) << "</td><td class=\"num\">" << r.samples << " (" << r.throttled
       << ")</td><td class=\"num\">" << r.sm_clock_text()
       << "</td>";
    if (r.event_ns >= 0) {
      char gap[32];
      std::snprintf(gap, sizeof gap, "%.1f%%", r.gap_fraction * 100);
      os << "<td class=\"num\">" << format_duration_ns(r.event_ns) << "</td><td class=\"num\">"
         << format_duration_ns(r.kernel_ns) << "</td><td class=\"num\">" << gap << "</td>";
    } else {
      os << "<td colspan=\"3\" class=\"note\">" << escape_xml(r.cupti_absent.empty() ? "no CUPTI pass" : r.cupti_absent)
         << "</td>";
    }
    os << "<td>";
    for (const auto& k : r.kernels) os << "<div><code>" << escape_xml(k) << "</code></div>";
    for (const auto& p : r.phases) os << "<div>phase <code>" << escape_xml(p) << "</code></div>";
    os << "</td></tr>";
    for (const auto& f : r.findings) {
      os << "<tr><td></td><td colspan=\"10\" class=\"inconclusive\">finding: " << escape_xml(f) << "</td></tr>";
    }
  }
  os << "</table></section>\n";
}

void trend_section(std::ostringstream& os, const ReportInput& input) {
  if (input.trends.empty()) return;
  os << "<section id=\"trends\"><h2>History</h2><div class=\"charts\">";
  int charts = 0;
  for (const auto& series : input.trends) {
    if (series.points.size() < 2 || charts >= 24) continue;
    LineSeries line{series.benchmark, {}, true, {}};
    std::vector<std::string> labels;
    std::vector<double> medians;
    for (std::size_t i = 0; i < series.points.size(); ++i) {
      line.points.emplace_back(static_cast<double>(i), series.points[i].median_ns);
      labels.push_back(series.points[i].git_commit.substr(0, 8));
      medians.push_back(series.points[i].median_ns);
    }
    std::string title = series.benchmark + " (" + std::to_string(series.points.size()) + " runs)";
    for (const auto& cp : detect_change_points(medians, input.min_effect)) {
      title += "; change at " + labels[cp.index] + " " + format_change(cp.ratio());
    }
    os << svg_line_chart(title, "run (commit)", "median time", {line}, false, true, labels);
    ++charts;
  }
  os << "</div></section>\n";
}

void correctness_section(std::ostringstream& os, const nlohmann::json& doc) {
  os << "<section id=\"correctness\"><h2>Correctness</h2><table><tr><th>case</th><th>check</th><th>status</th>"
        "<th>details and reproduction</th></tr>";
  for (const auto& p : doc.value("properties", nlohmann::json::array())) {
    const std::string status = p.value("status", "");
    os << "<tr><td><code>" << escape_xml(p.value("case", "")) << "</code></td><td>property: "
       << escape_xml(p.value("property", "")) << "</td><td class=\"" << css_class(status) << "\">" << escape_xml(status)
       << "</td><td>" << p.value("cases", 0) << " case(s)";
    if (status != "passed") {
      if (p.contains("message")) os << "<pre>" << escape_xml(p["message"].get<std::string>()) << "</pre>";
      for (const auto& line : counterexample_lines(p)) {
        os << "<div>counterexample: <code>" << escape_xml(line) << "</code></div>";
      }
      if (p.contains("repro")) os << "<pre>" << escape_xml(p["repro"].get<std::string>()) << "</pre>";
    }
    os << "</td></tr>";
  }
  for (const auto& d : doc.value("determinism", nlohmann::json::array())) {
    const std::string status = d.value("status", "");
    os << "<tr><td><code>" << escape_xml(d.value("case", "")) << "</code></td><td>determinism "
       << escape_xml(d.value("params", nlohmann::json::object()).dump()) << "</td><td class=\"" << css_class(status)
       << "\">" << escape_xml(status) << "</td><td>" << escape_xml(d.value("message", ""))
       << d.value("runs", nlohmann::json::array()).size() << " run(s) compared</td></tr>";
  }
  for (const auto& c : doc.value("cases", nlohmann::json::array())) {
    const std::string status = c.value("status", "");
    if (status == "passed") continue;
    os << "<tr><td><code>" << escape_xml(c.value("name", "")) << "</code></td><td>case</td><td class=\""
       << css_class(status) << "\">" << escape_xml(status) << "</td><td>" << escape_xml(c.value("reason", ""));
    if (!c.value("stderr_tail", "").empty()) os << "<pre>" << escape_xml(c.value("stderr_tail", "")) << "</pre>";
    os << "</td></tr>";
  }
  os << "</table></section>\n";
}

void environment_section(std::ostringstream& os, const nlohmann::json& doc) {
  os << "<section id=\"environment\"><h2>Environment</h2><table>";
  os << "<tr><th>hardware fingerprint</th><td><code>" << hardware_fingerprint(doc) << "</code> "
     << escape_xml(fingerprint_fields(doc).dump()) << "</td></tr>";
  os << "<tr><th>crucible</th><td>" << escape_xml(doc.value("crucible_version", "")) << "</td></tr>";
  const auto context = doc.value("context", nlohmann::json::object());  // items() of a temporary would dangle
  for (const auto& [key, value] : context.items()) {
    os << "<tr><th>" << escape_xml(key) << "</th><td>" << escape_xml(value.is_string() ? value.get<std::string>() : value.dump())
       << "</td></tr>";
  }
  for (const auto& p : doc.value("plugins", nlohmann::json::array())) {
    os << "<tr><th>plugin " << escape_xml(p.value("name", "")) << "</th><td>" << escape_xml(p.value("status", "")) << " "
       << escape_xml(p.value("version", p.value("error", ""))) << " <code>" << escape_xml(p.value("path", ""))
       << "</code></td></tr>";
  }
  os << "</table></section>\n";
}

}  // namespace

std::string render_html(const ReportInput& input) {
  const auto& doc = input.results;
  const std::string suite = doc.value("suite", nlohmann::json::object()).value("name", "");
  std::ostringstream os;
  os << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
     << "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">"
     << "<title>Crucible report: " << escape_xml(suite) << "</title><style>" << kStyle << "</style></head><body>\n";
  os << "<h1>Crucible report: " << escape_xml(suite) << "</h1>\n";
  summary_section(os, input);
  comparison_section(os, input);
  peer_section(os, doc);
  scaling_section(os, doc);
  roofline_section(os, doc);
  gpu_timing_section(os, doc);
  trend_section(os, input);
  correctness_section(os, doc);
  environment_section(os, doc);
  os << "</body></html>\n";
  return os.str();
}

namespace {

class HtmlReporter final : public Reporter {
 public:
  std::string_view name() const override { return "html"; }
  std::string_view file_name() const override { return "report.html"; }
  std::string_view option() const override { return "--html"; }
  std::string_view description() const override { return "self-contained HTML report (inline SVG charts)"; }
  std::string render(const ReportInput& input) const override { return render_html(input); }
};

}  // namespace

const Reporter& html_reporter() {
  static const HtmlReporter reporter;
  return reporter;
}

}  // namespace crucible
