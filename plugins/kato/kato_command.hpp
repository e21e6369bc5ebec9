#pragma once
// `crucible kato ...`: the command-line entry of the kato workload.
//   kato predict KB.jsonl --state STATE.json [--threshold 0.1] [--max 100]
//                [--device cpu|cuda] [--threads N]   -> predictions as JSON on stdout
//   kato learn KB.jsonl --stm STM.json                -> learns one pattern, rewrites KB
// argv[0] is the subcommand ("predict", "learn", "--help"). Knowledge bases ending in
// ".kbin" use the binary form. Exit codes: 0 success, 2 bad usage or bad input (one-line
// message on stderr naming the file and, for JSONL, the line), 1 other failures (e.g.
// --device cuda without a usable GPU).
#include <iosfwd>

int kato_command(int argc, const char* const* argv);

// Same, writing to the given streams (used by tests and by the plugin if it captures).
int kato_command(int argc, const char* const* argv, std::ostream& out, std::ostream& err);
