// Markdown for a pull-request comment: the verdict first, worst regressions, then correctness
// failures with their reproduction commands, then everything else folded.
#include <algorithm>
#include <cstdio>
#include <sstream>

#include "report/gpu_timing_rows.hpp"
#include "report/peer_rows.hpp"
#include "report/report_input.hpp"
#include "report/reporter.hpp"

namespace crucible {

namespace {

std::string cell(std::string text) {
  std::string out;
  for (char c : text) {
    if (c == '|') out += "\\|";
    else if (c == '\n') out += ' ';
    else out += c;
  }
  return out;
}

std::string p_text(double p) {
  char text[32];
  std::snprintf(text, sizeof text, p < 0.001 ? "%.1e" : "%.3f", p);
  return text;
}

void comparison_table(std::ostringstream& os, const std::vector<const ComparisonRow*>& rows) {
  os << "| benchmark | verdict | change | 99% CI of ratio | p | base | new | test |\n";
  os << "|---|---|---:|---|---:|---:|---:|---|\n";
  for (const auto* r : rows) {
    char interval[64];
    std::snprintf(interval, sizeof interval, "[%.3f, %.3f]", r->result.interval.low, r->result.interval.high);
    os << "| `" << cell(r->name) << "` | " << to_string(r->result.verdict) << " | " << format_change(r->result.ratio)
       << " | " << interval << " | " << p_text(r->result.p_value) << " | " << format_duration_ns(r->base_median_ns)
       << " | " << format_duration_ns(r->new_median_ns) << " | "
       << cell(r->result.test.empty()     ? r->result.reason
               : r->result.reason.empty() ? r->result.test
                                          : r->result.test + "; " + r->result.reason)
       << " |\n";
  }
}

void correctness_section(std::ostringstream& os, const nlohmann::json& doc) {
  bool header = false;
  auto head = [&] {
    if (!header) os << "### :x: Correctness failures\n\n";
    header = true;
  };
  for (const auto& p : doc.value("properties", nlohmann::json::array())) {
    if (p.value("status", "") == "passed") continue;
    head();
    os << "- `" << p.value("case", "") << "`: property '" << p.value("property", "") << "' " << p.value("status", "") << "\n";
    for (auto value : counterexample_lines(p)) {
      if (value.size() > 200) value = value.substr(0, 197) + "...";
      os << "  - counterexample: `" << cell(value) << "`\n";
    }
    if (p.contains("repro")) os << "  ```\n  " << p["repro"].get<std::string>() << "\n  ```\n";
  }
  for (const auto& d : doc.value("determinism", nlohmann::json::array())) {
    if (d.value("status", "") != "failed") continue;
    head();
    os << "- `" << d.value("case", "") << "`: not deterministic: " << d.value("message", "") << "\n";
  }
  if (header) os << "\n";
}

// GPU benchmarks: findings in the open, the modes side by side folded.
void gpu_timing_section(std::ostringstream& os, const nlohmann::json& doc) {
  const auto rows = gpu_timing_rows(doc);
  if (rows.empty()) return;
  bool findings = false;
  for (const auto& r : rows) {
    for (const auto& f : r.findings) {
      if (!findings) os << "### :mag: GPU findings\n\n";
      findings = true;
      os << "- `" << cell(r.benchmark) << "`: " << cell(f) << "\n";
    }
  }
  if (findings) os << "\n";
  os << "<details><summary>GPU timing (" << rows.size() << ")</summary>\n\n";
  os << "| benchmark | cold | hot | graph | gates | stopped by | samples (throttled) | SM clock | event / run | "
        "kernels / run |\n";
  os << "|---|---:|---:|---:|---|---|---:|---:|---:|---:|\n";
  for (const auto& r : rows) {
    os << "| `" << cell(r.benchmark) << "` |";
    for (const char* mode : {"cold", "hot", "graph"}) {
      os << " " << r.median_text(mode) << " |";
    }
    os << " " << r.primary << " | " << r.stopped_by << " | " << r.samples << " (" << r.throttled << ") | "
       << r.sm_clock_text() << " | ";
    if (r.event_ns >= 0) {
      os << format_duration_ns(r.event_ns) << " | " << format_duration_ns(r.kernel_ns) << " |\n";
    } else {
      os << cell(r.cupti_absent.empty() ? "no CUPTI pass" : r.cupti_absent) << " | - |\n";
    }
  }
  os << "\n</details>\n\n";
}

// Peers: agreement first (a disagreement is in the open), then time beside each variant, on
// the same inputs in the same run.
void peer_section(std::ostringstream& os, const nlohmann::json& doc) {
  const auto rows = peer_rows(doc);
  if (rows.empty()) return;
  os << "### Peers (same inputs, same run)\n\n";
  os << "| peer | params | threads | agrees with reference | peer median | variant | variant median | vs peer |\n";
  os << "|---|---|---:|---|---:|---|---:|---:|\n";
  for (const auto& r : rows) {
    const std::string agreement =
        r.agrees ? "agrees (" + r.equivalence + ", " + r.reference + ")" : ":x: disagrees: " + r.where;
    const std::string peer_time = r.median_ns > 0 ? format_duration_ns(r.median_ns) : "-";
    const std::string params = r.varying.empty() ? r.params : r.varying;
    if (r.variants.empty()) {
      os << "| `" << cell(r.peer_case) << "` | " << cell(params) << " | " << r.threads << " | " << cell(agreement)
         << " | " << peer_time << " | - | - | - |\n";
    }
    for (const auto& v : r.variants) {
      char ratio[32];
      std::snprintf(ratio, sizeof ratio, "%.2fx", v.speedup);
      os << "| `" << cell(r.peer_case) << "` | " << cell(params) << " | " << r.threads << " | " << cell(agreement)
         << " | " << peer_time << " | `" << cell(v.variant) << "` | " << format_duration_ns(v.median_ns) << " | "
         << (v.speedup > 0 ? ratio : "-") << " |\n";
    }
  }
  os << "\n\"vs peer\" is the peer's median time over the variant's: above 1x the variant is faster. params: those "
        "that differ between the rows (results.json has every parameter).\n\n";
}

}  // namespace

std::string render_markdown(const ReportInput& input) {
  const auto& doc = input.results;
  std::ostringstream os;
  const auto summary = doc.value("summary", nlohmann::json::object());
  const std::string suite = doc.value("suite", nlohmann::json::object()).value("name", "?");
  os << "## Crucible: suite `" << suite << "`\n\n";
  os << "**Cases:** " << summary.value("passed", 0) << " passed, " << summary.value("failed", 0) << " failed, "
     << summary.value("error", 0) << " errors, " << summary.value("skipped", 0) << " skipped";
  os << " · seed " << doc.value("seed", nlohmann::json(0)).dump() << "\n\n";

  if (input.comparison) {
    const auto& c = *input.comparison;
    os << "**Benchmarks vs baseline" << (c.mode == "ab" ? " (A/B interleaved rounds)" : "") << ":** "
       << verdict_summary(c) << " (minimum effect " << input.min_effect * 100 << "%)\n\n";
    if (!c.fingerprint_note.empty()) os << "> :warning: Not comparable: " << c.fingerprint_note << "\n\n";
    if (!c.interference_note.empty()) os << "> :warning: Disturbed: " << c.interference_note << "\n\n";
    std::vector<const ComparisonRow*> slower, rest;
    for (const auto& r : c.rows) (r.result.verdict == Verdict::slower ? slower : rest).push_back(&r);
    std::sort(slower.begin(), slower.end(), [](auto* a, auto* b) { return a->result.ratio > b->result.ratio; });
    if (!slower.empty()) {
      os << "### :red_circle: Regressions (worst first)\n\n";
      comparison_table(os, slower);
      os << "\n";
    }
    // Rest: faster first, then inconclusive, then same.
    auto rank = [](Verdict v) {
      return v == Verdict::faster ? 0 : v == Verdict::inconclusive ? 1 : v == Verdict::not_comparable ? 2 : 3;
    };
    std::stable_sort(rest.begin(), rest.end(), [&](auto* a, auto* b) { return rank(a->result.verdict) < rank(b->result.verdict); });
    std::ostringstream folded;
    if (!rest.empty()) {
      folded << "<details><summary>Other benchmarks (" << rest.size() << ")</summary>\n\n";
      comparison_table(folded, rest);
      if (!c.only_in_new.empty()) folded << "\nNew benchmarks (no baseline): " << c.only_in_new.size() << "\n";
      if (!c.only_in_base.empty()) folded << "\nBenchmarks missing from this run: " << c.only_in_base.size() << "\n";
      folded << "\n</details>\n\n";
    }
    // Correctness failures.
    correctness_section(os, doc);
    os << folded.str();
  } else {
    correctness_section(os, doc);
  }

  // Errors (infrastructure), then the case table and benchmarks, folded.
  bool errors = false;
  for (const auto& c : doc.value("cases", nlohmann::json::array())) {
    if (c.value("status", "") != "error") continue;
    if (!errors) os << "### :warning: Errors\n\n";
    errors = true;
    os << "- `" << c.value("name", "") << "`: " << cell(c.value("reason", "")) << "\n";
  }
  if (errors) os << "\n";
  peer_section(os, doc);
  gpu_timing_section(os, doc);
  os << "<details><summary>All cases (" << doc.value("cases", nlohmann::json::array()).size() << ")</summary>\n\n";
  os << "| case | properties | determinism | median | status |\n|---|---|---|---:|---|\n";
  for (const auto& c : doc.value("cases", nlohmann::json::array())) {
    std::string props = "-";
    if (c.contains("properties") && c["properties"].value("total", 0) > 0) {
      props = std::to_string(c["properties"].value("passed", 0)) + "/" + std::to_string(c["properties"].value("total", 0));
    }
    os << "| `" << cell(c.value("name", "")) << "` | " << props << " | " << c.value("determinism", "-") << " | "
       << c.value("median", "-") << " | " << c.value("status", "") << " |\n";
  }
  os << "\n</details>\n";
  return os.str();
}

namespace {

class MarkdownReporter final : public Reporter {
 public:
  std::string_view name() const override { return "markdown"; }
  std::string_view file_name() const override { return "report.md"; }
  std::string_view option() const override { return "--md"; }
  std::string_view description() const override { return "Markdown summary (for a pull-request comment)"; }
  std::string render(const ReportInput& input) const override { return render_markdown(input); }
};

}  // namespace

const Reporter& markdown_reporter() {
  static const MarkdownReporter reporter;
  return reporter;
}

}  // namespace crucible
