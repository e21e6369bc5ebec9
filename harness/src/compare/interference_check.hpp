#pragma once
// Whether either of two separately recorded runs was disturbed by other load on the machine,
// from the "interference" objects in their contexts (see run/interference.hpp). A faster or
// slower verdict between a disturbed run and another measures the disturbance as much as the
// code, so it becomes inconclusive; the interleaved `crucible ab` cancels such load instead.
#include <string>

#include <nlohmann/json.hpp>

#include "compare/verdict.hpp"

namespace crucible {

struct InterferenceThresholds {
  double canary_change = 0.10;  // canary end vs start, or one run's vs the other's, beyond 10 %
  double others_cpus = 0.25;    // other processes' average CPU use beyond a quarter of a CPU
};

// One line naming what disturbed the runs ("run B was disturbed (canary +40 %, others' load
// 1.3 of 2 CPUs)"), or empty when neither was, or when a run carries no record (older files).
std::string interference_note(const nlohmann::json& base_record, const nlohmann::json& new_record,
                              const InterferenceThresholds& thresholds = {});

struct InterferenceDecision {
  Verdict verdict;
  std::string reason;  // empty where the verdict stands
};

// Faster or slower under a non-empty note becomes inconclusive with the note as its reason;
// any other verdict stands.
InterferenceDecision decide_interference(const nlohmann::json& base_record, const nlohmann::json& new_record,
                                         Verdict verdict, const InterferenceThresholds& thresholds = {});

// The "interference" object of a results document's context, or null.
nlohmann::json interference_record(const nlohmann::json& results);

}  // namespace crucible
