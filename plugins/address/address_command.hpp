#pragma once
// `crucible address ...`: the command-line entry of the address workload.
//   address eval  [--weights FILE] [--count N]     -> accuracy table on held-out data
//   address train --out FILE [--seed S] [--samples N] [--epochs E]
// Exit codes: 0 success, 2 bad usage or bad input (one-line message), 3 other failures.
#include <iosfwd>

int address_command(int argc, const char* const* argv);
int address_command(int argc, const char* const* argv, std::ostream& out, std::ostream& err);
