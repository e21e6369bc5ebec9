#include "gbench/gbench_binary.hpp"

#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include <crucible/command_errors.hpp>

#include "isolate/child_process.hpp"

namespace crucible {
namespace {

// The benchmark's name as an anchored regular expression (the binary's --benchmark_filter).
std::string exact_filter(const std::string& name) {
  std::string out = "^";
  for (const char c : name) {
    if (std::string_view("\\^$.|?*+()[]{}").find(c) != std::string_view::npos) out += '\\';
    out += c;
  }
  return out + "$";
}

std::string safe_file_name(const std::string& name) {
  std::string out;
  for (const char c : name) out += (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_') ? c : '_';
  return out.substr(0, 120);
}

std::string number(double v) {
  char b[32];
  std::snprintf(b, sizeof b, "%.17g", v);
  return b;
}

}  // namespace

std::string gbench_case_name(const GbenchRun& run, const std::string& benchmark) {
  return "gbench/" + (run.name.empty() ? run.binary.filename().string() : run.name) + "/" + benchmark;
}

std::vector<std::string> list_gbench_benchmarks(const GbenchRun& run) {
  if (!std::filesystem::is_regular_file(run.binary)) throw InputError(run.binary.string() + ": no such file");
  if (::access(run.binary.c_str(), X_OK) != 0) throw InputError(run.binary.string() + ": not executable");
  const auto log = run.scratch / ("list-" + safe_file_name(run.binary.filename().string()) + ".log");
  std::vector<std::string> argv = {std::filesystem::absolute(run.binary).string(), "--benchmark_list_tests=true"};
  if (!run.filter.empty()) argv.push_back("--benchmark_filter=" + run.filter);
  const ChildOutcome o = run_child(argv, log, std::chrono::seconds(60), run.memory_limit_bytes);
  if (!o.ok()) {
    std::string tail = o.log_tail;
    while (!tail.empty() && tail.back() == '\n') tail.pop_back();
    if (const auto nl = tail.rfind('\n'); nl != std::string::npos) tail = tail.substr(nl + 1);
    std::string why = o.reason();
    if (why.rfind("worker ", 0) == 0) why = why.substr(7);  // "exited with code 1"
    throw InputError(run.binary.string() + ": listing its benchmarks (--benchmark_list_tests) " + why +
                     (tail.empty() ? "" : ": " + tail) + "; is it a Google Benchmark binary?");
  }
  std::vector<std::string> names;
  std::ifstream in(log);
  // The listing is stdout; stderr shares the log, and says so when the filter matched nothing.
  for (std::string line; std::getline(in, line);)
    if (!line.empty() && line.rfind("Failed to match any benchmarks", 0) != 0) names.push_back(line);
  return names;
}

WorkerResult run_gbench_benchmark(const GbenchRun& run, const std::string& benchmark) {
  const std::string stem = safe_file_name(run.binary.filename().string() + "-" + benchmark);
  const auto json_file = run.scratch / (stem + ".json");
  const auto log = run.scratch / (stem + ".log");
  std::filesystem::remove(json_file);
  const std::vector<std::string> argv = {std::filesystem::absolute(run.binary).string(),
                                         "--benchmark_filter=" + exact_filter(benchmark),
                                         "--benchmark_repetitions=" + std::to_string(run.repetitions),
                                         "--benchmark_min_time=" + number(run.min_time_s),
                                         "--benchmark_out=" + json_file.string(),
                                         "--benchmark_out_format=json"};
  WorkerResult result;
  result.outcome = run_child(argv, log, run.timeout, run.memory_limit_bytes);
  if (!result.outcome.ok()) return result;  // the case reports the outcome's reason and tail
  nlohmann::json doc;
  try {
    std::ifstream in(json_file);
    doc = nlohmann::json::parse(in);
    if (!doc.at("benchmarks").is_array()) throw std::runtime_error("'benchmarks' is not a list");
  } catch (const std::exception& e) {
    result.records.push_back({{"type", "error"}, {"message", "its --benchmark_out JSON is unreadable: " + std::string(e.what())}});
    return result;
  }
  const std::string case_name = gbench_case_name(run, benchmark);
  const std::string prefix = gbench_case_name(run, "");
  nlohmann::json entries = nlohmann::json::array();
  for (auto entry : doc["benchmarks"]) {
    if (entry.value("error_occurred", false)) {
      result.records.push_back({{"type", "benchmark"},
                                {"status", "error"},
                                {"name", case_name},
                                {"message", entry.value("error_message", "the benchmark reported an error")}});
      return result;
    }
    // Names carry the binary's case prefix, so that two binaries' BM_Copy meet in a comparison only
    // when they are given one name.
    entry["name"] = prefix + entry.value("name", "");
    if (entry.contains("run_name")) entry["run_name"] = prefix + entry["run_name"].get<std::string>();
    entries.push_back(entry);
  }
  if (entries.empty()) {
    result.records.push_back({{"type", "error"}, {"message", "the binary ran but reported no benchmark named '" + benchmark + "'"}});
    return result;
  }
  result.records.push_back({{"type", "benchmark"},
                            {"status", "ok"},
                            {"name", case_name},
                            {"params", nlohmann::json::object()},
                            {"work", nlohmann::json::object()},
                            {"context", doc.value("context", nlohmann::json::object())},
                            {"entries", entries}});
  return result;
}

}  // namespace crucible
