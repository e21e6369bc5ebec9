// Determinism, generic over any workload: the digest of a variant's output bytes must be the
// same across repeated runs, a fresh instance, every thread count, and a variant it promises
// to equal bitwise. On a mismatch the record names the first differing byte offset.
#include "props/determinism_check.hpp"

#include <algorithm>
#include <cstdio>
#include <optional>
#include <vector>

#include <xxhash.h>

#include "loader/plugin_instance.hpp"
#include "perf/gpu_session.hpp"
#include "task/check_seed.hpp"

namespace crucible {

namespace {

std::string hex_digest(std::span<const std::byte> bytes) {
  char text[17];
  std::snprintf(text, sizeof text, "%016llx",
                static_cast<unsigned long long>(XXH3_64bits(bytes.data(), bytes.size())));
  return text;
}

std::size_t first_difference(const std::vector<std::byte>& a, std::span<const std::byte> b) {
  const auto n = std::min(a.size(), b.size());
  for (std::size_t i = 0; i < n; ++i) {
    if (a[i] != b[i]) return i;
  }
  return n;
}

}  // namespace

void check_determinism(const PluginLibrary& plugin, const WorkerTask& task, RecordLog& log) {
  const DeterminismConfig& settings = task.determinism;
  if (!settings.enabled || task.param_sets.empty() || settings.threads.empty()) return;
  const std::string& workload = task.workload;
  const std::string& variant = task.variant;
  // The first parameter set: suites put their smallest sizes first.
  const nlohmann::json& params = task.param_sets.front();
  const std::uint64_t seed = check_seed(task.seed, "determinism/" + params.dump());
  const int repeats = settings.repeats;
  const std::vector<unsigned>& thread_counts = settings.threads;

  nlohmann::json record = {{"type", "determinism"}, {"plugin", task.plugin},   {"workload", workload},
                           {"variant", variant},    {"params", params},          {"seed", seed},
                           {"status", "passed"},    {"runs", nlohmann::json::array()}};
  std::optional<std::vector<std::byte>> first;
  std::string first_what;
  auto observe = [&](const std::string& what, std::span<const std::byte> bytes) {
    const std::string digest = hex_digest(bytes);
    record["runs"].push_back({{"what", what}, {"digest", digest}, {"bytes", bytes.size()}});
    if (!first) {
      first.emplace(bytes.begin(), bytes.end());
      first_what = what;
      return;
    }
    if (record["status"] == "passed" && digest != hex_digest(*first)) {
      const auto offset = first_difference(*first, bytes);
      record["status"] = "failed";
      record["first_diff_offset"] = offset;
      record["message"] = what + " differs from " + first_what + " first at byte offset " + std::to_string(offset) +
                          " (digest " + digest + " vs " + hex_digest(*first) + ")";
    }
  };

  try {
    // CUDA variants run on a harness-owned stream, as in their benchmarks.
    std::unique_ptr<GpuSession> session;
    if (requires_cuda(variant_description(plugin, workload, variant))) session = GpuSession::open(nullptr);
    crucible_run_context context{1, session ? session->stream() : nullptr, nullptr, nullptr};
    {
      PluginInstance instance(plugin, workload, variant, params, seed, context);
      for (unsigned threads : thread_counts) {
        context.threads = threads;
        for (int r = 1; r <= repeats; ++r) {
          if (const char* error = instance.run(context)) throw PluginCallError(std::string("run: ") + error);
          observe("run " + std::to_string(r) + " with " + std::to_string(threads) + " thread(s)", instance.output());
        }
      }
    }
    context.threads = thread_counts.front();
    PluginInstance fresh(plugin, workload, variant, params, seed, context);
    if (const char* error = fresh.run(context)) throw PluginCallError(std::string("run: ") + error);
    observe("a fresh instance", fresh.output());
    if (settings.reference) {
      const std::string& reference = *settings.reference;
      PluginInstance ref(plugin, workload, reference, params, seed, context);
      if (const char* error = ref.run(context)) throw PluginCallError(std::string("run ") + reference + ": " + error);
      observe("variant " + reference + " (promised bitwise equal)", ref.output());
    }
  } catch (const std::exception& e) {
    record["status"] = "error";
    record["message"] = e.what();
  }
  log.append(record);
}

}  // namespace crucible
