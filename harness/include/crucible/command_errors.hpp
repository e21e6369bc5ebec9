#pragma once
// The errors a command reports and the one table that maps them to exit codes. Every
// crucible command, the harness's own and those plugins add (Plugin::command), ends in
// run_command(), so that a bad file means exit 2 and an exhausted machine exit 3 whichever
// command met it.
//
//   int my_command(int argc, const char* const* argv) {
//     return crucible::run_command("crucible mine", std::cerr, [&] {
//       if (argc < 2) throw crucible::UsageError("missing FILE");
//       ...
//       return crucible::exit_code::ok;
//     });
//   }
#include <exception>
#include <new>
#include <ostream>
#include <stdexcept>
#include <string>
#include <string_view>

#include <crucible/exit_codes.hpp>

namespace crucible {

// The command line is wrong: an unknown option, a missing argument, a value out of range.
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// An input the user gave is wrong: a malformed or truncated file, a value inside one.
class InputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// This machine cannot do it: no CUDA device, memory exhausted, a folder not writable.
class ResourceError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The table. Anything not named here (a plugin's own failure, a broken invariant) is an
// infrastructure error: Crucible or the plugin went wrong, not the user.
inline int exit_code_of(const std::exception& e) {
  if (dynamic_cast<const UsageError*>(&e) || dynamic_cast<const InputError*>(&e)) return exit_code::usage;
  return exit_code::infrastructure;  // ResourceError, std::bad_alloc and the rest
}

// What to print for `e`: its message, or what ran out for an allocation failure (whose own
// what() is "std::bad_alloc").
inline std::string error_text(const std::exception& e) {
  if (dynamic_cast<const std::bad_alloc*>(&e)) {
    return "out of memory: an allocation failed (" + std::string(e.what()) + "); try a smaller input";
  }
  return e.what();
}

// Runs fn (which returns an exit code) and turns what it throws into one line on `err`,
// "NAME: message", and its exit code from the table.
template <class Fn>
int run_command(std::string_view name, std::ostream& err, Fn&& fn) {
  try {
    return fn();
  } catch (const std::exception& e) {
    err << name << ": " << error_text(e) << '\n';
    return exit_code_of(e);
  }
}

}  // namespace crucible
