#include "peer/peer_run.hpp"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include <crucible/equivalence.hpp>
#include <crucible/output.hpp>

#include "isolate/child_process.hpp"
#include "peer/peer_inputs.hpp"
#include "results/time_unit.hpp"
#include "task/params_label.hpp"
#include "timing/sample_statistics.hpp"

namespace crucible {
namespace {

std::string number(double v) {
  char b[32];
  std::snprintf(b, sizeof b, "%.17g", v);
  return b;
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream os;
  os << in.rdbuf();
  return os.str();
}

Output as_output(const std::string& bytes) {
  Output out;
  out.append(bytes.data(), bytes.size());
  return out;
}

Equivalence equivalence_of(const PeerSpec& peer) {
  Equivalence eq;
  eq.tolerance = peer.tolerance;
  eq.element = peer.element == "f64" ? Element::f64 : Element::f32;
  eq.metric = peer.metric == "max_abs" ? Metric::max_abs
              : peer.metric == "rel_l2" ? Metric::rel_l2
              : peer.metric == "nmse"   ? Metric::nmse
                                        : Metric::bitwise;
  return eq;
}

std::string equivalence_text(const PeerSpec& peer) {
  char tolerance[32];
  std::snprintf(tolerance, sizeof tolerance, "%g", peer.tolerance);
  return peer.metric == "bitwise" ? "bitwise" : peer.metric + " <= " + tolerance;
}

std::string last_line(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  if (const auto nl = text.rfind('\n'); nl != std::string::npos) text = text.substr(nl + 1);
  return text;
}

// The peer's iteration times (Google Benchmark JSON), in nanoseconds; a message when unusable.
std::vector<double> read_times(const std::filesystem::path& file, std::string& problem) {
  std::vector<double> times;
  try {
    std::ifstream in(file);
    if (!in) {
      problem = "it wrote no --benchmark_out file";
      return times;
    }
    const auto doc = nlohmann::json::parse(in);
    for (const auto& e : doc.at("benchmarks")) {
      if (e.value("run_type", "iteration") != "iteration") continue;
      if (e.value("error_occurred", false)) {
        problem = "it reported an error: " + e.value("error_message", "");
        return {};
      }
      const double ns = to_ns(e.at("real_time").get<double>(), e.value("time_unit", "ns"));
      if (!(ns > 0)) {
        problem = "it reported a time that is not positive";
        return {};
      }
      times.push_back(ns);
    }
    if (times.empty()) problem = "its --benchmark_out file holds no iteration time";
  } catch (const std::exception& e) {
    problem = "its --benchmark_out file is unreadable: " + std::string(e.what());
    times.clear();
  }
  return times;
}

}  // namespace

std::optional<std::string> peer_program_missing(const PeerSpec& peer) {
  const std::string& program = peer.command.front();
  if (program.find('/') != std::string::npos) {
    if (!std::filesystem::is_regular_file(program)) return "peer program " + program + ": no such file";
    if (::access(program.c_str(), X_OK) != 0) return "peer program " + program + ": not executable";
    return std::nullopt;
  }
  const char* path = std::getenv("PATH");
  std::istringstream dirs(path ? path : "");
  for (std::string dir; std::getline(dirs, dir, ':');) {
    const auto candidate = std::filesystem::path(dir.empty() ? "." : dir) / program;
    if (std::filesystem::is_regular_file(candidate) && ::access(candidate.c_str(), X_OK) == 0) return std::nullopt;
  }
  return "peer program '" + program + "' is not on PATH";
}

PeerResult run_peer(const PeerRun& run, const std::vector<nlohmann::json>& exported) {
  PeerResult out;
  const std::string case_name = run.spec.case_name();
  const Equivalence eq = equivalence_of(run.spec);
  for (const auto& record : exported) {
    const std::size_t index = record.at("index").get<std::size_t>();
    const auto& params = record.at("params");
    const PeerFiles files = peer_files(run.folder, index);
    std::filesystem::remove(files.output);
    std::filesystem::remove(files.times);
    std::vector<std::string> argv = run.spec.command;
    for (const auto& a : std::vector<std::string>{"--input", files.input.string(), "--params", files.params.string(),
                                                  "--output", files.output.string(), "--benchmark_out", files.times.string(),
                                                  "--repetitions", std::to_string(run.repetitions), "--min-time",
                                                  number(run.min_time_s), "--threads", std::to_string(run.spec.threads)})
      argv.push_back(a);
    const ChildOutcome o = run_child(argv, files.log, run.timeout, run.memory_limit_bytes);
    out.result.outcome.seconds += o.seconds;
    if (!o.timed_out && o.signal == 0 && o.exit_code == 77) {
      const std::string why = last_line(o.log_tail);
      out.skip_reason = "the peer cannot run here" + (why.empty() ? std::string() : ": " + why);
      return out;
    }
    if (!o.ok()) {
      const double seconds = out.result.outcome.seconds;
      out.result.outcome = o;
      out.result.outcome.seconds = seconds;
      return out;  // the case reports the outcome's reason and the end of the peer's output
    }
    std::string problem;
    const auto times = read_times(files.times, problem);
    if (!problem.empty()) {
      out.result.records.push_back({{"type", "error"}, {"message", "peer " + run.spec.name + " at " + params_label(params) + ": " + problem}});
      return out;
    }
    nlohmann::json agreement = {{"name", run.spec.name},
                                {"reference", run.spec.reference},
                                {"equivalence", equivalence_text(run.spec)},
                                {"threads", run.spec.threads}};
    if (!std::filesystem::is_regular_file(files.output)) {
      agreement["agrees"] = false;
      agreement["where"] = "it wrote no --output file";
    } else if (auto why = compare(as_output(read_file(files.output)), as_output(read_file(files.reference)), eq)) {
      agreement["agrees"] = false;
      agreement["where"] = *why;
    } else {
      agreement["agrees"] = true;
    }
    // Entries in Google Benchmark's shape, named as a variant's are, so that compare, history
    // and the reports treat the peer as one more row.
    const std::string run_name =
        case_name + "/" + params_label(params) + "/threads:" + std::to_string(run.spec.threads) + "/real_time";
    nlohmann::json entries = nlohmann::json::array();
    const nlohmann::json work = record.value("work", nlohmann::json::object());
    auto rates = [&](nlohmann::json& e, double ns) {
      if (ns <= 0) return;
      if (work.value("bytes", 0.0) > 0) e["bytes_per_second"] = work["bytes"].get<double>() / (ns * 1e-9);
      if (work.value("ops", 0.0) > 0) e["ops_per_second"] = work["ops"].get<double>() / (ns * 1e-9);
    };
    for (std::size_t r = 0; r < times.size(); ++r) {
      nlohmann::json e = {{"name", run_name},   {"run_name", run_name},  {"run_type", "iteration"},
                          {"repetitions", times.size()}, {"repetition_index", r}, {"iterations", 1},
                          {"real_time", times[r]}, {"cpu_time", times[r]}, {"time_unit", "ns"},
                          {"threads", 1}, {"peer", run.spec.name}};
      rates(e, times[r]);
      entries.push_back(e);
    }
    const SampleStatistics stats = compute_statistics(times);
    for (const auto& [aggregate, value] : std::vector<std::pair<std::string, double>>{
             {"mean", stats.mean}, {"median", stats.median}, {"stddev", stats.stddev}}) {
      nlohmann::json e = {{"name", run_name + "_" + aggregate}, {"run_name", run_name}, {"run_type", "aggregate"},
                          {"aggregate_name", aggregate}, {"aggregate_unit", "time"}, {"repetitions", times.size()},
                          {"iterations", times.size()}, {"real_time", value}, {"cpu_time", value},
                          {"time_unit", "ns"}, {"threads", 1}, {"peer", run.spec.name}};
      if (aggregate != "stddev") rates(e, value);
      entries.push_back(e);
    }
    out.result.records.push_back({{"type", "benchmark"},
                                  {"status", "ok"},
                                  {"name", case_name},
                                  {"params", params},
                                  {"work", work},
                                  {"entries", entries},
                                  {"peer", agreement}});
  }
  out.result.outcome.exit_code = 0;
  return out;
}

}  // namespace crucible
