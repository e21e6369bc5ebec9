#pragma once
// `crucible address parse IN.csv... --out DIR` and `crucible address generate`; argv[0] is the
// subcommand. Errors are thrown as crucible::UsageError / InputError / ResourceError.
#include <iosfwd>

namespace address_cli {

int parse_command(int argc, const char* const* argv, std::ostream& out, std::ostream& err);
int generate_command(int argc, const char* const* argv, std::ostream& out);

}  // namespace address_cli
