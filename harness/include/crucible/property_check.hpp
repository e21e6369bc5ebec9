#pragma once
// Runs one RapidCheck testable with the harness's parameters and returns the result as JSON.
// RapidCheck's code lives in the crucible executable, linked whole and exported to plugins
// (crucible_link_rapidcheck in cmake/), because Debian's librapidcheck.a cannot go into a
// shared library; plugins only instantiate its templates.
#include <cstdint>
#include <string>
#include <unordered_map>

#include <nlohmann/json.hpp>
#include <rapidcheck.h>

#include <crucible/abi.h>

namespace crucible::detail {

// Swallows RapidCheck's progress output: the harness reports on its own.
class QuietListener : public rc::detail::TestListener {
 public:
  void onTestCaseFinished(const rc::detail::CaseDescription&) override {}
  void onShrinkTried(const rc::detail::CaseDescription&, bool) override {}
  void onTestFinished(const rc::detail::TestMetadata&, const rc::detail::TestResult&) override {}
};

// The context a check runs variants and laws in: its thread count ("threads", default 1) and
// the harness-owned CUDA stream ("stream", an address in this process, or none); no NVTX
// phases, since a check is not timed.
inline crucible_run_context run_context_from(const nlohmann::json& config) {
  void* const stream = reinterpret_cast<void*>(static_cast<std::uintptr_t>(config.value("stream", std::uint64_t{0})));
  return crucible_run_context{config.value("threads", 1u), stream, nullptr, nullptr};
}

template <class Testable>
nlohmann::json check_testable(const std::string& id, Testable&& testable, const nlohmann::json& config) {
  rc::detail::TestParams params;
  params.seed = config.value("seed", std::uint64_t{0});
  params.maxSuccess = config.value("cases", 100);
  params.maxSize = config.value("max_size", 100);
  rc::detail::TestMetadata metadata;
  metadata.id = id;
  metadata.description = id;
  std::unordered_map<std::string, rc::detail::Reproduce> reproduce;
  if (const auto text = config.value("reproduce", std::string()); !text.empty()) {
    // The string names the property it reproduces; every other property runs as usual.
    auto parsed = rc::detail::configFromString("reproduce=" + text).reproduce;
    if (auto it = parsed.find(id); it != parsed.end()) reproduce[id] = it->second;
  }
  QuietListener listener;
  const auto result = rc::detail::checkTestable(std::forward<Testable>(testable), metadata, params, listener, reproduce);

  nlohmann::json out;
  if (result.template is<rc::detail::SuccessResult>()) {
    out["status"] = "passed";
    out["cases"] = result.template get<rc::detail::SuccessResult>().numSuccess;
  } else if (result.template is<rc::detail::FailureResult>()) {
    const auto& failure = result.template get<rc::detail::FailureResult>();
    out["status"] = "failed";
    out["cases"] = failure.numSuccess + 1;
    out["message"] = failure.description;
    nlohmann::json example = nlohmann::json::array();
    for (const auto& [expr, value] : failure.counterExample) example.push_back({expr, value});
    out["counterexample"] = example;
    rc::detail::Configuration replay;
    replay.reproduce[id] = failure.reproduce;
    std::string text = rc::detail::configToMinimalString(replay);
    const auto at = text.find("reproduce=");
    if (at != std::string::npos) text = text.substr(at + 10);
    out["reproduce"] = text.substr(0, text.find(' '));
  } else if (result.template is<rc::detail::GaveUpResult>()) {
    const auto& gave_up = result.template get<rc::detail::GaveUpResult>();
    out["status"] = "gave_up";
    out["cases"] = gave_up.numSuccess;
    out["message"] = gave_up.description;
  } else {
    out["status"] = "error";
    out["message"] = result.template get<rc::detail::Error>().description;
  }
  return out;
}

}  // namespace crucible::detail
