// Crucible suite files: parsing and validation.
//
// ============================================================================
// Suite file reference (TOML)
// ============================================================================
// A suite says which plugins/workloads/variants to run, with which axis
// values, and how to run the property, determinism and benchmark phases.
// Every table except [[select]] is optional; every key has a default. A suite
// of Google Benchmark binaries only ([[gbench]] tables) needs no [[select]].
//
//   [suite]
//   name = "quick"          # default: the file name without extension
//   description = "..."     # free text, default ""
//   seed = 0                # integer >= 0; 0 = random, chosen and printed at run time
//   timeout = 120           # seconds per child task, int or float > 0 (default 300)
//
//   [props]                 # property-based correctness checks
//   enabled = true
//   cases = 100             # integer >= 1
//   max_size = 100          # integer >= 1
//
//   [determinism]           # same input -> bit-identical output, across thread counts
//   enabled = true
//   repeats = 3             # integer >= 2
//   threads = [1, 2, 0]     # non-empty list of integers >= 0; 0 = all cores
//
//   [bench]
//   enabled = true
//   repetitions = 5         # integer >= 1
//   min_time = 0.05         # seconds per repetition, > 0
//   warmup = 1              # integer >= 0
//   min_effect = 0.05       # relative change the regression gate reports, in (0, 1)
//   timing = "hot"          # GPU timing mode that gates: "cold" | "hot" | "graph"
//                           #   (all are measured and reported; this one is primary)
//   noise_target = 0.005    # GPU sampling stops at this relative stddev, in (0, 1)
//   time_budget = 0.5       # GPU sampling's time limit per mode, seconds > 0
//                           #   (default max(0.5, 10 x min_time))
//
//   [[select]]              # at least one; repeat for more
//   plugin = "kato"         # glob (* ? [...]) over plugin names, default "*"
//   workload = "match"      # glob over workload names, default "*"
//   variants = ["cpu_ref", "cpu_fast"]   # default [] = every variant
//   timing = "cold"         # optional; [bench] timing for these cases only
//   [select.axes]           # optional; overrides the plugin's default axis values
//   patterns = [1000, 100000]                  # a list: all numbers, all strings or all bools
//   query_len = { range = [8, 64], step = 8 }  # inclusive range; step > 0, default 1
//   bits = { pow2 = [10, 16] }                 # 2^10 .. 2^16 = 1024 .. 65536 (integers)
//
//   [[peer]]                # optional; another program doing a workload's job (docs/peers.md)
//   name = "rapidfuzz"      # required; letters, digits, - _ . ; the case is plugin/workload/peer:NAME
//   plugin = "kato"         # required, exact names; a [[select]] must select the workload
//   workload = "score"
//   command = ["../peer.py", "--workers", "1"]  # required; a program with a '/' is from the suite's folder
//   reference = "cpu_ref"   # the variant whose output it must reproduce (default cpu_ref)
//   equal = "bitwise"       # or { metric = "max_abs" | "rel_l2" | "nmse", tolerance = 1e-5, element = "f32" | "f64" }
//   threads = 1             # integer >= 0, 0 = all cores (default 1)
//
//   [[gbench]]              # optional; an existing Google Benchmark executable, no plugin needed
//   binary = "../build/bench/my_benchmarks"  # required; a relative path is from the suite's folder
//   filter = "BM_Copy"      # its --benchmark_filter (a regex), default "" = every benchmark
//   name = "copy"           # letters, digits, - _ . ; cases are gbench/NAME/BENCHMARK
//                           #   (default: the binary's file name)
//
// Axis values:
//   * Integers stay integers (int64); floats stay floats. A list mixing
//     integers and floats becomes all floats. A range is integer when start,
//     stop and step are all integers, float otherwise (the float stop is
//     included when it is reached within rounding).
//   * pow2 exponents are integers in [0, 62] with lo <= hi.
//   * A single value must still be a list: patterns = [1000].
//   * One axis expands to at most 10000 values (kMaxAxisValues).
//   * Axes keep the order they are written in.
//
// Errors: every problem (malformed TOML, an unknown key - with the valid keys
// and a "did you mean" for near misses -, a wrong type, a value out of range,
// no [[select]] and no [[gbench]]) throws SuiteError whose what() is "file:line:col: message",
// pointing at the offending key or value.
// ============================================================================
#pragma once

#include <string>
#include <string_view>

#include "suite/suite_spec.hpp"

namespace crucible {

// Parses and validates suite text. `path` is used for error locations and
// SuiteSpec::path, and its stem is the default suite name. Throws SuiteError.
SuiteSpec parse_suite(std::string_view text, const std::string& path);

// Reads `path` and parses it. A missing or unreadable file throws SuiteError
// "path: cannot read suite file: <strerror>".
SuiteSpec load_suite(const std::string& path);

}  // namespace crucible
