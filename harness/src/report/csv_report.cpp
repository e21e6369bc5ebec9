// CSV for spreadsheets: one row per benchmark (per timing mode on a GPU), its statistics over
// the repetitions in nanoseconds, throughput and percent of peak; with a baseline, the
// comparison's columns too. Fields are quoted as RFC 4180 says, rows end in CRLF.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <numeric>
#include <optional>

#include "compare/statistics.hpp"
#include "report/report_input.hpp"
#include "report/reporter.hpp"
#include "results/benchmark_entry.hpp"

namespace crucible {

namespace {

// Quoted only where needed, so that plain numbers stay numbers for the spreadsheet.
std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string number(double value) {
  if (!std::isfinite(value)) return "";
  char text[32];
  std::snprintf(text, sizeof text, "%.6g", value);
  return text;
}

std::string number(const std::optional<double>& value) { return value ? number(*value) : ""; }

// {"n": 1000, "kind": "dense"} -> "kind=dense;n=1000" (';' so that the field needs no quotes).
std::string params_text(const nlohmann::json& params) {
  std::string out;
  if (!params.is_object()) return out;
  for (const auto& [key, value] : params.items()) {
    out += (out.empty() ? "" : ";") + key + "=" + (value.is_string() ? value.get<std::string>() : value.dump());
  }
  return out;
}

// The harness names a threaded variant's benchmarks ".../threads:N"; Google Benchmark's own
// "threads" is 1 for them, so the name decides.
std::string threads_text(const std::string& benchmark, const nlohmann::json& entry) {
  const auto at = benchmark.find("/threads:");
  if (at != std::string::npos) {
    const auto start = at + 9;
    return benchmark.substr(start, benchmark.find('/', start) - start);
  }
  return entry.contains("threads") ? entry["threads"].dump() : "";
}

struct Row {
  std::string name, case_name, params, threads, timing, ops_type, error;
  double work_bytes = 0, work_ops = 0;
  std::map<std::string, double> aggregates;  // Google Benchmark's mean/median/stddev (ns), cv (fraction)
  std::optional<double> bytes_per_second, ops_per_second;  // as the entries report them
  std::optional<double> peak_memory, peak_compute;         // at `peak_seconds`
  std::optional<double> peak_seconds;
  bool peak_from_median = false;
  std::string bound;
};

void read_entry(Row& row, const nlohmann::json& e) {
  if (e.value("error_occurred", false) && row.error.empty()) row.error = e.value("error_message", "error");
  const bool aggregate = e.value("run_type", "iteration") == "aggregate";
  const std::string aggregate_name = e.value("aggregate_name", "");
  const bool has_time = e.contains("real_time") && e["real_time"].is_number();
  if (aggregate && has_time) {
    const double value = e["real_time"].get<double>();
    row.aggregates[aggregate_name] = aggregate_name == "cv" ? value : to_ns(value, e.value("time_unit", "ns"));
  }
  if (!is_headline_entry(e) || !has_time) return;
  const bool median = aggregate && aggregate_name == "median";
  if (e.contains("bytes_per_second") && e["bytes_per_second"].is_number() && (median || !row.bytes_per_second)) {
    row.bytes_per_second = e["bytes_per_second"].get<double>();
  }
  for (const char* key : {"ops_per_second", "items_per_second"}) {
    if (e.contains(key) && e[key].is_number() && (median || !row.ops_per_second)) row.ops_per_second = e[key].get<double>();
  }
  // Percent of peak scales with 1 / time for the same work: kept with the time it was taken at,
  // so that it can be restated at the median.
  if (e.contains("percent_of_peak") && e["percent_of_peak"].is_object() && (median || !row.peak_seconds)) {
    const auto& use = e["percent_of_peak"];
    auto percent = [&](const char* key) {
      return use.contains(key) && use[key].is_number() ? std::optional<double>(use[key].get<double>()) : std::nullopt;
    };
    row.peak_memory = percent("memory_bandwidth");
    row.peak_compute = percent("compute");
    row.bound = use.value("bound", "");
    row.peak_seconds = to_ns(e["real_time"].get<double>(), e.value("time_unit", "ns")) * 1e-9;
    row.peak_from_median = median;
  }
}

struct Statistics {
  std::optional<double> median, mean, stddev, cv_percent;
  std::size_t samples = 0;
};

Statistics statistics(const Row& row, const std::vector<double>& samples) {
  Statistics s;
  s.samples = samples.size();
  if (!samples.empty()) {
    s.median = stats::median(samples);
    s.mean = std::accumulate(samples.begin(), samples.end(), 0.0) / static_cast<double>(samples.size());
    if (samples.size() > 1) {
      double squares = 0;
      for (double x : samples) squares += (x - *s.mean) * (x - *s.mean);
      s.stddev = std::sqrt(squares / static_cast<double>(samples.size() - 1));
      if (*s.mean > 0) s.cv_percent = 100.0 * *s.stddev / *s.mean;
    }
    return s;
  }
  // No samples kept (aggregates only): Google Benchmark's own statistics.
  auto aggregate = [&](const char* name) -> std::optional<double> {
    const auto it = row.aggregates.find(name);
    return it == row.aggregates.end() ? std::nullopt : std::optional<double>(it->second);
  };
  s.median = aggregate("median");
  s.mean = aggregate("mean");
  s.stddev = aggregate("stddev");
  if (auto cv = aggregate("cv")) s.cv_percent = 100.0 * *cv;
  return s;
}

std::string p_text(double p) {
  char text[32];
  std::snprintf(text, sizeof text, "%.3g", p);
  return text;
}

class CsvReporter final : public Reporter {
 public:
  std::string_view name() const override { return "csv"; }
  std::string_view file_name() const override { return "report.csv"; }
  std::string_view option() const override { return "--csv"; }
  std::string_view description() const override {
    return "CSV, one row per benchmark (statistics, throughput, percent of peak, verdict)";
  }
  std::string render(const ReportInput& input) const override;
};

std::string CsvReporter::render(const ReportInput& input) const {
  const auto& doc = input.results;
  std::vector<Row> rows;
  std::map<std::string, std::size_t> index;
  for (const auto& e : doc.value("benchmarks", nlohmann::json::array())) {
    if (!e.is_object()) continue;
    const std::string name = benchmark_key(e.value("run_name", e.value("name", "")));
    auto [it, inserted] = index.emplace(name, rows.size());
    if (inserted) {
      Row row;
      row.name = name;
      row.case_name = e.value("case", "");
      row.params = params_text(e.value("params", nlohmann::json::object()));
      row.threads = threads_text(name, e);
      row.timing = e.value("timing_mode", e.value("timer", ""));
      const auto work = e.value("work", nlohmann::json::object());
      row.work_bytes = work.value("bytes", 0.0);
      row.work_ops = work.value("ops", 0.0);
      row.ops_type = work.value("ops_type", "");
      rows.push_back(std::move(row));
    }
    read_entry(rows[it->second], e);
  }
  std::map<std::string, std::vector<double>> samples;
  for (auto& s : benchmark_samples(doc)) samples[s.name] = std::move(s.real_ns);
  std::map<std::string, const ComparisonRow*> compared;
  if (input.comparison) {
    for (const auto& r : input.comparison->rows) compared[r.name] = &r;
  }

  std::vector<std::string> header = {"benchmark",        "case",           "params",   "threads",
                                     "timing",           "samples",        "median_ns", "mean_ns",
                                     "stddev_ns",        "cv_percent",     "bytes_per_second",
                                     "ops_per_second",   "ops_type",       "peak_memory_percent",
                                     "peak_compute_percent", "bound",      "error"};
  if (input.comparison) {
    for (const char* column : {"baseline_median_ns", "new_median_ns", "change_percent", "ratio_low", "ratio_high",
                               "p_value", "test", "verdict"}) {
      header.emplace_back(column);
    }
  }
  std::string out;
  auto line = [&](const std::vector<std::string>& fields) {
    for (std::size_t i = 0; i < fields.size(); ++i) out += (i ? "," : "") + csv_field(fields[i]);
    out += "\r\n";
  };
  line(header);

  for (const auto& row : rows) {
    const auto found = samples.find(row.name);
    const Statistics s = statistics(row, found == samples.end() ? std::vector<double>{} : found->second);
    const std::optional<double> seconds = s.median && *s.median > 0 ? std::optional<double>(*s.median * 1e-9) : std::nullopt;
    auto bytes_rate = row.bytes_per_second, ops_rate = row.ops_per_second;
    if (seconds && row.work_bytes > 0) bytes_rate = row.work_bytes / *seconds;
    if (seconds && row.work_ops > 0) ops_rate = row.work_ops / *seconds;
    auto peak_memory = row.peak_memory, peak_compute = row.peak_compute;
    if (seconds && row.peak_seconds && !row.peak_from_median) {
      const double scale = *row.peak_seconds / *seconds;
      if (peak_memory) *peak_memory *= scale;
      if (peak_compute) *peak_compute *= scale;
    }
    std::vector<std::string> fields = {row.name,
                                       row.case_name,
                                       row.params,
                                       row.threads,
                                       row.timing,
                                       std::to_string(s.samples),
                                       number(s.median),
                                       number(s.mean),
                                       number(s.stddev),
                                       number(s.cv_percent),
                                       number(bytes_rate),
                                       number(ops_rate),
                                       row.ops_type,
                                       number(peak_memory),
                                       number(peak_compute),
                                       row.bound,
                                       row.error};
    if (input.comparison) {
      if (const auto c = compared.find(row.name); c != compared.end()) {
        const auto& r = *c->second;
        for (auto field : {number(r.base_median_ns), number(r.new_median_ns), number((r.result.ratio - 1.0) * 100.0),
                           number(r.result.interval.low), number(r.result.interval.high), p_text(r.result.p_value),
                           r.result.test, to_string(r.result.verdict)}) {
          fields.push_back(std::move(field));
        }
      } else {
        fields.resize(header.size());
        const auto& added = input.comparison->only_in_new;
        if (std::find(added.begin(), added.end(), row.name) != added.end()) fields.back() = "no baseline";
      }
    }
    line(fields);
  }
  // Benchmarks the baseline has and this run lacks: a row each, so that a sheet shows them.
  if (input.comparison) {
    for (const auto& name : input.comparison->only_in_base) {
      std::vector<std::string> fields(header.size());
      fields.front() = name;
      fields.back() = "missing from this run";
      line(fields);
    }
  }
  return out;
}

}  // namespace

const Reporter& csv_reporter() {
  static const CsvReporter reporter;
  return reporter;
}

}  // namespace crucible
