#pragma once
// Exit codes of every crucible command, the harness's and plugins' alike (documented in
// `crucible help` and the README). <crucible/command_errors.hpp> maps errors to them.
namespace crucible::exit_code {

inline constexpr int ok = 0;              // everything passed
inline constexpr int correctness = 1;     // a property, equivalence or determinism check failed
inline constexpr int usage = 2;           // bad command line, suite file or input file
inline constexpr int infrastructure = 3;  // a plugin failed to load, crashed, timed out or errored; a resource ran out
inline constexpr int regression = 4;      // compare/gate: a benchmark got slower (significant, above min effect)
inline constexpr int inconclusive = 5;    // compare/gate: only inconclusive verdicts, when configured to fail
inline constexpr int skipped = 77;        // run --require-gpu without a CUDA device (CTest's skip code)

}  // namespace crucible::exit_code
