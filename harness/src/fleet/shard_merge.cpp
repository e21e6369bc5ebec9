#include "fleet/shard_merge.hpp"

#include <algorithm>
#include <set>

#include <crucible/exit_codes.hpp>

#include "compare/fingerprint.hpp"

namespace crucible {

namespace {

struct Shard {
  const ShardInput* input;
  const nlohmann::json* doc;
  const nlohmann::json* spec;
  int index;
};

std::string text_of(const nlohmann::json& v) { return v.is_string() ? v.get<std::string>() : v.dump(); }

// The fields every shard must share, with the words a refusal uses for each.
void check_same(const Shard& first, const Shard& other) {
  const std::pair<const char*, const char*> fields[] = {{"suite", "suites"},
                                                         {"seed", "seeds"},
                                                         {"crucible_version", "Crucible versions"},
                                                         {"count", "shard counts"},
                                                         {"plan_digest", "plans"}};
  for (const auto& [key, words] : fields) {
    const auto a = first.spec->value(key, nlohmann::json());
    const auto b = other.spec->value(key, nlohmann::json());
    if (a == b) continue;
    std::string why = "refusing to merge shards of different " + std::string(words) + ": " + first.input->folder +
                      " has " + text_of(a) + ", " + other.input->folder + " has " + text_of(b);
    if (std::string(key) == "plan_digest") {
      why += " (the shards split the suite differently: other plugins, selections or durations in the history "
             "when they started; rerun them from one checkout and history)";
    }
    throw ShardMergeError(why);
  }
}

}  // namespace

nlohmann::json merge_shard_results(const std::vector<ShardInput>& inputs, const std::map<int, std::string>& slurm_states) {
  std::vector<Shard> shards;
  std::vector<std::string> without_results;
  for (const auto& input : inputs) {
    if (!input.results) {
      without_results.push_back(input.folder);
      continue;
    }
    const auto& doc = *input.results;
    if (!doc.contains("shard") || !doc["shard"].is_object()) {
      throw ShardMergeError(input.folder + "/results.json is not a shard's results (no \"shard\"; `crucible run --shard K/N` writes one)");
    }
    const auto& spec = doc["shard"];
    if (!spec.value("index", nlohmann::json()).is_number_integer() || !spec.value("count", nlohmann::json()).is_number_integer() ||
        !spec.value("plan", nlohmann::json()).is_array()) {
      throw ShardMergeError(input.folder + "/results.json: \"shard\" lacks an integer index and count or its plan");
    }
    shards.push_back({&input, &doc, &spec, spec["index"].get<int>()});
  }
  if (shards.empty()) {
    throw ShardMergeError("none of the " + std::to_string(inputs.size()) +
                          " folder(s) holds a shard's results.json; nothing to merge");
  }
  std::sort(shards.begin(), shards.end(), [](const Shard& a, const Shard& b) { return a.index < b.index; });
  for (std::size_t i = 1; i < shards.size(); ++i) {
    check_same(shards.front(), shards[i]);
    if (shards[i].index == shards[i - 1].index) {
      throw ShardMergeError("shard " + std::to_string(shards[i].index) + " is given twice: " + shards[i - 1].input->folder +
                            " and " + shards[i].input->folder);
    }
  }
  const auto& first = *shards.front().doc;
  const auto& spec = *shards.front().spec;
  const int count = spec["count"].get<int>();
  for (const auto& s : shards) {
    if (s.index < 1 || s.index > count) {
      throw ShardMergeError(s.input->folder + "/results.json: shard " + std::to_string(s.index) + " of " +
                            std::to_string(count) + " is out of range");
    }
  }

  nlohmann::json merged = {{"schema", first.value("schema", "")},
                           {"crucible_version", first.value("crucible_version", "")},
                           {"suite", first.value("suite", nlohmann::json::object())},
                           {"seed", first.value("seed", nlohmann::json())},
                           {"context", nlohmann::json::object()},
                           {"plugins", nlohmann::json::array()},
                           {"cases", nlohmann::json::array()},
                           {"properties", nlohmann::json::array()},
                           {"determinism", nlohmann::json::array()},
                           {"benchmarks", nlohmann::json::array()},
                           {"gpu_timing", nlohmann::json::array()},
                           {"peers", nlohmann::json::array()},
                           {"shards", nlohmann::json::array()}};
  std::string started, finished;
  std::map<std::string, nlohmann::json> cases_by_name;
  bool named_plugin_error = false, timed_context = false;
  std::set<std::string> plugins_seen;
  for (const auto& s : shards) {
    const auto& doc = *s.doc;
    const std::string fingerprint = hardware_fingerprint(doc);
    // The machine's description comes with its first benchmark: a shard that timed nothing has
    // only a partial context, and neither its context nor its fingerprint speaks for timings.
    const auto benchmarks = doc.value("benchmarks", nlohmann::json::array()).size();
    if (merged["context"].empty() || (benchmarks > 0 && !timed_context)) {
      merged["context"] = doc.value("context", nlohmann::json::object());
      timed_context = benchmarks > 0;
    }
    const std::string s_started = doc.value("started", ""), s_finished = doc.value("finished", "");
    if (!s_started.empty() && (started.empty() || s_started < started)) started = s_started;
    if (s_finished > finished) finished = s_finished;
    merged["shards"].push_back({{"index", s.index},
                                {"folder", s.input->folder},
                                {"host", doc.value("context", nlohmann::json::object()).value("host_name", "")},
                                {"fingerprint", fingerprint},
                                {"benchmarks", benchmarks},
                                {"fingerprint_fields", fingerprint_fields(doc)},
                                {"started", s_started},
                                {"finished", s_finished},
                                {"exit_code", doc.value("summary", nlohmann::json::object()).value("exit_code", 0)}});
    for (const auto& p : doc.value("plugins", nlohmann::json::array())) {
      named_plugin_error |= p.value("status", "") == "error" && p.value("named", false);
      if (plugins_seen.insert(p.value("name", "") + "\n" + p.value("status", "")).second) merged["plugins"].push_back(p);
    }
    for (auto c : doc.value("cases", nlohmann::json::array())) {
      c["shard"] = s.index;
      c["fingerprint"] = fingerprint;
      cases_by_name[c.value("name", "")] = c;
    }
    for (const char* list : {"properties", "determinism", "benchmarks", "gpu_timing", "peers"}) {
      for (auto entry : doc.value(list, nlohmann::json::array())) {
        if (entry.is_object()) entry["shard"] = s.index;
        merged[list].push_back(entry);
      }
    }
  }
  merged["started"] = started;
  merged["finished"] = finished;

  // The cases in the plan's order, a missing shard's cases as errors that say so.
  std::set<int> present;
  for (const auto& s : shards) present.insert(s.index);
  nlohmann::json missing = nlohmann::json::array();
  for (int k = 1; k <= count; ++k) {
    if (present.count(k)) continue;
    std::string why = "shard " + std::to_string(k) + "/" + std::to_string(count) + " missing: no results.json for it";
    if (!without_results.empty()) {
      std::string folders;
      for (const auto& f : without_results) folders += (folders.empty() ? "" : ", ") + f;
      why += " (folders without results.json: " + folders + ")";
    }
    nlohmann::json entry = {{"index", k}, {"cases", nlohmann::json::array()}};
    if (auto it = slurm_states.find(k); it != slurm_states.end()) {
      why += "; Slurm state " + it->second;
      entry["slurm_state"] = it->second;
    }
    entry["reason"] = why;
    missing.push_back(entry);
  }
  std::map<int, std::size_t> missing_at;
  for (std::size_t i = 0; i < missing.size(); ++i) missing_at[missing[i]["index"].get<int>()] = i;
  for (const auto& planned : spec["plan"]) {
    const std::string name = planned.value("case", "");
    const int k = planned.value("shard", 0);
    if (auto it = cases_by_name.find(name); it != cases_by_name.end()) {
      merged["cases"].push_back(it->second);
      cases_by_name.erase(it);
    } else if (auto m = missing_at.find(k); m != missing_at.end()) {
      missing[m->second]["cases"].push_back(name);
      merged["cases"].push_back({{"name", name}, {"status", "error"}, {"missing", true}, {"shard", k},
                                 {"reason", missing[m->second]["reason"]}});
    } else {
      merged["cases"].push_back({{"name", name}, {"status", "error"}, {"missing", true}, {"shard", k},
                                 {"reason", "shard " + std::to_string(k) + "/" + std::to_string(count) +
                                                " has no result for this case"}});
    }
  }
  for (auto& [name, c] : cases_by_name) merged["cases"].push_back(c);  // outside the plan: kept, never dropped
  merged["missing_shards"] = missing;

  nlohmann::json counts = {{"passed", 0}, {"failed", 0}, {"error", 0}, {"skipped", 0}, {"missing", 0}};
  bool failed = false, errored = named_plugin_error || !missing.empty();
  for (const auto& c : merged["cases"]) {
    const std::string status = c.value("status", "error");
    counts[status] = counts.value(status, 0) + 1;
    if (c.value("missing", false)) counts["missing"] = counts["missing"].get<int>() + 1;
    failed |= status == "failed";
    errored |= status == "error";
  }
  for (const auto& s : merged["shards"]) errored |= s.value("exit_code", 0) == exit_code::infrastructure;
  counts["exit_code"] = failed ? exit_code::correctness : errored ? exit_code::infrastructure : exit_code::ok;
  merged["summary"] = counts;
  return merged;
}

}  // namespace crucible
