// Crucible suite specification: the data model a suite file (TOML) is parsed
// into. See suite_parser.hpp for the file syntax. This header deliberately does
// not include toml++; only nlohmann::json leaks into the interface (axis
// values are json scalars).
#pragma once

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <optional>
#include <string>
#include <vector>

#include <crucible/command_errors.hpp>

#include <nlohmann/json.hpp>

#include "task/worker_task.hpp"

namespace crucible {

// Where something came from in a suite file. line/column are 1-based; 0 means
// "unknown / whole file", in which case str() prints only the path.
struct SourceLocation {
  std::string path;
  int line = 0;
  int column = 0;

  std::string str() const;  // "path:line:col", or "path" when line == 0

  bool operator==(const SourceLocation&) const = default;
};

// The most values one axis may expand to (lists, ranges and pow2 alike).
inline constexpr std::size_t kMaxAxisValues = 10000;
// The most parameter sets one selection may expand to (the product of its workload's axes):
// every set is a benchmark, and a plan beyond this is a mistake, not a suite.
inline constexpr std::size_t kMaxParameterSets = 100000;

// Each value is a json number (integer -> int64, float -> double), string or
// bool; all values of one axis are of the same kind.
using AxisValues = std::vector<nlohmann::json>;

struct Axis {
  std::string name;
  AxisValues values;
  SourceLocation where;  // the axis key in [select.axes]

  bool operator==(const Axis&) const = default;
};

// One [[select]] table.
struct Selection {
  std::string plugin = "*";               // glob over plugin names
  std::string workload = "*";             // glob over workload names
  std::vector<std::string> variants;      // empty = all variants
  std::vector<Axis> axes;                 // overrides of the plugin's default axis values, in file order
  std::string timing;                     // GPU timing mode for these cases; empty = [bench] timing
  SourceLocation where;                   // the [[select]] header

  bool operator==(const Selection&) const = default;
};

// The defaults are the worker task's (task/worker_task.hpp): a suite that leaves a setting
// out runs with the same value as a task that never heard of it.
struct PropsSettings {
  bool enabled = PropsConfig{}.enabled;
  int cases = PropsConfig{}.cases;
  int max_size = PropsConfig{}.max_size;

  bool operator==(const PropsSettings&) const = default;
};

struct DeterminismSettings {
  bool enabled = DeterminismConfig{}.enabled;
  int repeats = DeterminismConfig{}.repeats;
  std::vector<int> threads{1, 2, 0};  // requested counts, 0 = all cores (the plan resolves them)

  bool operator==(const DeterminismSettings&) const = default;
};

struct BenchSettings {
  bool enabled = BenchConfig{}.enabled;
  int repetitions = BenchConfig{}.repetitions;
  double min_time_s = BenchConfig{}.min_time_s;
  int warmup = BenchConfig{}.warmup;
  double min_effect = 0.05;                           // relative change, for the regression gate
  std::string timing = BenchConfig{}.timing;          // cold | hot | graph
  double noise_target = BenchConfig{}.noise_target;   // see BenchConfig
  double time_budget_s = BenchConfig{}.time_budget_s;

  bool operator==(const BenchSettings&) const = default;
};

// One [[peer]] table: another program that does a workload's job (another library's version
// of it), run in benchmark runs on the inputs the workload exports, checked against the
// reference variant's output and timed beside the variants (docs/peers.md).
struct PeerSpec {
  std::string name;                  // the case is plugin/workload/peer:NAME
  std::string plugin;                // exact names
  std::string workload;
  std::vector<std::string> command;  // argv; a relative program path is taken from the suite's folder
  std::string reference = "cpu_ref";  // the variant whose output the peer must reproduce
  std::string metric = "bitwise";     // bitwise, max_abs, rel_l2 or nmse
  double tolerance = 0;
  std::string element = "f32";        // f32 or f64: how a tolerance reads the outputs
  int threads = 1;                    // handed to the peer (0 = all cores); its times compare with the variants' at this count
  SourceLocation where;               // the [[peer]] header

  std::string case_name() const { return plugin + "/" + workload + "/peer:" + name; }
  bool operator==(const PeerSpec&) const = default;
};

// An existing Google Benchmark executable run by the suite, no plugin needed.
struct GbenchSpec {
  std::string binary;  // as written; a relative path is taken from the suite's folder
  std::string filter;  // its --benchmark_filter; empty: every benchmark
  std::string name;    // case prefix gbench/NAME/...; default the binary's file name
  SourceLocation where;  // the [[gbench]] header

  bool operator==(const GbenchSpec&) const = default;
};

struct SuiteSpec {
  std::string name;          // [suite] name, default: file stem
  std::string description;
  std::string path;          // the path the suite was parsed from
  std::uint64_t seed = 0;    // 0 = random, chosen and printed at run time
  double timeout_s = 300;    // per child task
  std::optional<double> memory_limit_gb;  // per worker (0 = none); unset: 80 % of physical memory
  PropsSettings props;
  DeterminismSettings determinism;
  BenchSettings bench;
  std::vector<Selection> selections;  // at least one, unless the suite has a [[gbench]]
  std::vector<PeerSpec> peers;
  std::vector<GbenchSpec> gbench;

  bool operator==(const SuiteSpec&) const = default;
};

// Every problem with a suite file. what() is "path:line:col: message" (or
// "path: message" when the location has no line).
class SuiteError : public InputError {
 public:
  SuiteError(SourceLocation where, std::string message);

  const SourceLocation& where() const noexcept { return where_; }
  const std::string& message() const noexcept { return message_; }

 private:
  SourceLocation where_;
  std::string message_;
};

}  // namespace crucible
