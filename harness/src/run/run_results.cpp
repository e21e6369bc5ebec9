#include "run/run_results.hpp"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <sstream>

#include <crucible/exit_codes.hpp>

#include "isolate/memory_limit.hpp"
#include "results/benchmark_entry.hpp"
#include "results/time_unit.hpp"
#include "task/params_label.hpp"

namespace crucible {

namespace {

std::string now_iso8601() {
  const std::time_t t = std::time(nullptr);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&t));
  return text;
}

std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}


}  // namespace

RunResults::RunResults(const std::string& suite_name, const std::string& suite_path, std::uint64_t seed) {
  char host[256] = {};
  ::gethostname(host, sizeof host - 1);
  doc_ = {{"schema", kResultsSchema},
          {"crucible_version", CRUCIBLE_VERSION},
          {"suite", {{"name", suite_name}, {"path", suite_path}}},
          {"seed", seed},
          {"started", now_iso8601()},
          {"context", {{"host_name", host}, {"date", now_iso8601()}}},
          {"plugins", nlohmann::json::array()},
          {"cases", nlohmann::json::array()},
          {"properties", nlohmann::json::array()},
          {"determinism", nlohmann::json::array()},
          {"benchmarks", nlohmann::json::array()},
          {"gpu_timing", nlohmann::json::array()},
          {"peers", nlohmann::json::array()}};
}

void RunResults::add_plugins(const std::vector<PluginEntry>& plugins, const std::vector<std::filesystem::path>& named) {
  for (const auto& p : plugins) {
    nlohmann::json entry = {{"name", p.name}, {"path", p.path.string()}, {"status", p.ok() ? "loaded" : "error"}};
    std::error_code ec;
    for (const auto& file : named) {
      if (std::filesystem::equivalent(file, p.path, ec)) entry["named"] = true;
    }
    if (p.ok()) {
      entry["version"] = p.description.value("version", "");
    } else {
      entry["error"] = p.error;
    }
    doc_["plugins"].push_back(entry);
  }
}

std::string RunResults::add_case(const PlannedCase& planned, const WorkerResult* result) {
  nlohmann::json c = {{"name", planned.name}};
  auto finish = [&](const std::string& status) {
    c["status"] = status;
    doc_["cases"].push_back(c);
    return status;
  };
  if (!planned.load_error.empty()) {
    c["reason"] = "plugin failed to load: " + planned.load_error;
    return finish("error");
  }
  if (!planned.skip_reason.empty()) {
    c["reason"] = planned.skip_reason;
    return finish("skipped");
  }
  bool failed = false, errored = false;
  std::vector<std::string> reasons;
  int props_total = 0, props_passed = 0;
  for (auto record : result->records) {
    const std::string type = record.value("type", "");
    const std::string status = record.value("status", "");
    if (type == "property") {
      ++props_total;
      record["case"] = planned.name;
      if (status == "passed") {
        ++props_passed;
      } else if (status == "failed" || status == "gave_up") {
        failed = true;
        const auto suite = std::filesystem::absolute(doc_["suite"]["path"].get<std::string>()).string();
        std::string repro = "crucible run " + shell_quote(suite) + repro_prefix_ +
                            " --only " + shell_quote(planned.name) + " --props-only --seed " +
                            std::to_string(doc_["seed"].get<std::uint64_t>());
        if (record.contains("reproduce")) repro += " --reproduce " + shell_quote(record["reproduce"]);
        record["repro"] = repro;
        reasons.push_back("property '" + record.value("property", "") + "' failed");
      } else {
        errored = true;
        reasons.push_back("property '" + record.value("property", "") + "': " + record.value("message", ""));
      }
      doc_["properties"].push_back(record);
    } else if (type == "determinism") {
      record["case"] = planned.name;
      if (status == "failed") {
        failed = true;
        reasons.push_back("not deterministic: " + record.value("message", ""));
      } else if (status == "error") {
        errored = true;
        reasons.push_back("determinism check: " + record.value("message", ""));
      }
      c["determinism"] = status;
      doc_["determinism"].push_back(record);
    } else if (type == "benchmark") {
      // A peer's agreement with the reference: a disagreement is a finding the user must see.
      if (record.contains("peer")) {
        const auto& peer = record["peer"];
        nlohmann::json row = peer;
        row["case"] = planned.name;
        row["params"] = record["params"];
        doc_["peers"].push_back(row);
        const bool agrees = peer.value("agrees", false);
        if (!agrees) {
          failed = true;
          reasons.push_back("disagrees with " + peer.value("reference", "") + " (" + peer.value("equivalence", "") +
                            ") at " + params_label(record["params"]) + ": " + peer.value("where", ""));
        }
        if (c.value("peer", "agrees") == "agrees") c["peer"] = agrees ? "agrees" : "disagrees";
      }
      if (status == "error") {
        errored = true;
        reasons.push_back("benchmark " + record.value("name", "") + ": " + record.value("message", ""));
      }
      if (!doc_["context"].contains("num_cpus") && record.contains("context")) {
        auto context = record["context"];
        context.update(doc_["context"]);
        doc_["context"] = context;
      }
      // The GPU that measured: part of the hardware fingerprint, so that a run on another GPU
      // model or driver is "not comparable", never a regression. Identical cards (by UUID)
      // on two runners stay comparable.
      if (record.contains("gpu") && record["gpu"].is_object()) {
        const auto& g = record["gpu"];
        const nlohmann::json identity = {{"name", g.value("name", "")},
                                         {"compute_capability", g.value("compute_capability", "")},
                                         {"sms", g.value("sms", 0)},
                                         {"l2_bytes", g.value("l2_bytes", 0)},
                                         {"cuda_driver", g.value("cuda_driver", 0)}};
        auto& gpus = doc_["context"]["gpus"];
        if (!gpus.is_array()) gpus = nlohmann::json::array();
        if (std::find(gpus.begin(), gpus.end(), identity) == gpus.end()) gpus.push_back(identity);
      }
      // GPU benchmarks: what the entries summarise, per sample (times, SM clocks, throttling),
      // per mode (stopping criterion, absent modes and why), and the device.
      if (record.contains("timing")) {
        doc_["gpu_timing"].push_back({{"case", planned.name},
                                      {"name", record.value("name", "")},
                                      {"params", record["params"]},
                                      {"timing", record["timing"]},
                                      {"gpu", record.value("gpu", nlohmann::json::object())},
                                      {"clocks", record.value("clocks", "read per sample (NVML)")}});
      }
      // The case's median: of the gating timing mode where a GPU benchmark measured several; with
      // one repetition (no aggregates), the one time there is.
      const nlohmann::json* median = nullptr;
      std::vector<const nlohmann::json*> iterations;
      const auto entries = record.value("entries", nlohmann::json::array());
      for (const auto& entry : entries) {
        if (!entry.value("primary", true)) continue;
        if (entry.value("aggregate_name", "") == "median") median = &entry;
        if (entry.value("run_type", "iteration") == "iteration") iterations.push_back(&entry);
      }
      if (!median && iterations.size() == 1) median = iterations.front();
      if (median) {
        c["median"] = format_duration_ns(to_ns(median->value("real_time", 0.0), median->value("time_unit", "ns")));
      }
      for (auto entry : entries) {
        entry["case"] = planned.name;
        entry["params"] = record["params"];
        entry["work"] = record["work"];
        doc_["benchmarks"].push_back(entry);
      }
    } else if (type == "error") {
      errored = true;
      reasons.push_back(record.value("message", "worker error"));
    }
  }
  c["properties"] = {{"passed", props_passed}, {"total", props_total}};
  c["seconds"] = result->outcome.seconds;
  if (!result->outcome.ok()) {
    errored = true;
    reasons.push_back(result->outcome.reason());
    c["stderr_tail"] = result->outcome.log_tail;
  }
  if (!reasons.empty()) {
    std::string joined;
    for (auto& r : reasons) {
      // An allocation refused under the worker's limit: say which limit, and how to move it.
      if (r.find("out of memory") != std::string::npos && result->outcome.memory_limit_bytes > 0) {
        r += " (worker memory limit " + memory_limit_text(result->outcome.memory_limit_bytes) +
             "; crucible run --memory-limit GB changes it)";
      }
      joined += (joined.empty() ? "" : "; ") + r;
    }
    c["reason"] = joined;
  }
  return finish(failed ? "failed" : errored ? "error" : "passed");
}

int RunResults::exit_code() const {
  bool failed = false, errored = false;
  for (const auto& c : doc_["cases"]) {
    failed |= c["status"] == "failed";
    errored |= c["status"] == "error";
  }
  for (const auto& p : doc_["plugins"]) errored |= p["status"] == "error" && p.value("named", false);
  // A wrong answer outranks a broken run: it is the finding a user must see first.
  return failed ? exit_code::correctness : errored ? exit_code::infrastructure : exit_code::ok;
}

nlohmann::json RunResults::to_json() const {
  auto doc = doc_;
  doc["finished"] = now_iso8601();
  nlohmann::json counts = {{"passed", 0}, {"failed", 0}, {"error", 0}, {"skipped", 0}};
  for (const auto& c : doc_["cases"]) counts[c["status"].get<std::string>()] = counts[c["status"].get<std::string>()].get<int>() + 1;
  doc["summary"] = counts;
  doc["summary"]["exit_code"] = exit_code();
  return doc;
}

std::string RunResults::summary_text() const {
  std::ostringstream os;
  std::size_t width = 4;
  for (const auto& c : doc_["cases"]) width = std::max(width, c["name"].get<std::string>().size());
  char line[512];
  std::snprintf(line, sizeof line, "%-*s  %-7s  %-11s  %-12s  %s\n", static_cast<int>(width), "CASE", "PROPS",
                "DETERMINISM", "MEDIAN", "STATUS");
  os << line;
  for (const auto& c : doc_["cases"]) {
    std::string props = "-";
    if (c.contains("properties") && c["properties"]["total"].get<int>() > 0) {
      props = std::to_string(c["properties"]["passed"].get<int>()) + "/" +
              std::to_string(c["properties"]["total"].get<int>());
    }
    std::snprintf(line, sizeof line, "%-*s  %-7s  %-11s  %-12s  %s\n", static_cast<int>(width),
                  c["name"].get<std::string>().c_str(), props.c_str(), c.value("determinism", "-").c_str(),
                  c.value("median", "-").c_str(), c["status"].get<std::string>().c_str());
    os << line;
  }
  bool header = false;
  auto details = [&] {
    if (!header) os << "\nDetails:\n";
    header = true;
  };
  for (const auto& p : doc_["plugins"]) {
    if (p["status"] != "error") continue;
    details();
    os << "- a plugin did not load" << (p.value("named", false) ? " (named with --plugins)" : "") << ": "
       << p.value("error", "") << "\n";
  }
  for (const auto& p : doc_["properties"]) {
    if (p.value("status", "") == "passed") continue;
    details();
    os << "- " << p.value("case", "") << ": property '" << p.value("property", "") << "' " << p.value("status", "")
       << " after " << p.value("cases", 0) << " case(s)\n";
    if (p.contains("message")) {
      std::istringstream message(p["message"].get<std::string>());
      for (std::string l; std::getline(message, l);) {
        if (!l.empty()) os << "    " << l << "\n";
      }
    }
    for (const auto& ce : p.value("counterexample", nlohmann::json::array())) {
      os << "    counterexample: " << ce[0].get<std::string>() << " = " << ce[1].get<std::string>() << "\n";
    }
    if (p.contains("repro")) os << "    reproduce: " << p["repro"].get<std::string>() << "\n";
  }
  for (const auto& c : doc_["cases"]) {
    const std::string status = c["status"];
    if (status == "passed" || !c.contains("reason")) continue;
    details();
    os << "- " << c["name"].get<std::string>() << " " << status << ": " << c["reason"].get<std::string>() << "\n";
    if (c.contains("stderr_tail") && !c["stderr_tail"].get<std::string>().empty()) {
      std::istringstream tail(c["stderr_tail"].get<std::string>());
      std::vector<std::string> lines;
      for (std::string l; std::getline(tail, l);) lines.push_back(l);
      os << "    output ends with:\n";
      for (std::size_t i = lines.size() > 5 ? lines.size() - 5 : 0; i < lines.size(); ++i) os << "      " << lines[i] << "\n";
    }
  }
  // GPU findings (a gap between event and kernel time, NVTX not reaching CUPTI): the run passed,
  // but the numbers need a second look.
  for (const auto& e : doc_["benchmarks"]) {
    for (const auto& finding : e.value("findings", nlohmann::json::array())) {
      details();
      os << "- " << benchmark_key(e.value("run_name", e.value("name", ""))) << " GPU finding: "
         << finding.get<std::string>() << "\n";
    }
  }
  const auto summary = to_json()["summary"];
  os << "\n" << summary["passed"] << " passed, " << summary["failed"] << " failed, " << summary["error"]
     << " errors, " << summary["skipped"] << " skipped\n";
  return os.str();
}

}  // namespace crucible
