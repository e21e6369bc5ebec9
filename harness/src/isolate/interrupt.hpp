#pragma once
// Ctrl-C, SIGTERM and SIGHUP while workers run. Workers sit in process groups of their own (so
// that a timeout kills all they started), so a terminal's Ctrl-C never reaches them: the
// parent notes the signal, ends the worker it is waiting for, and unwinds with Interrupted,
// which removes its scratch folders on the way out. Workers also die with their parent
// (child_process.cpp), should it be killed outright.
#include <stdexcept>
#include <string>

namespace crucible {

class Interrupted : public std::runtime_error {
 public:
  explicit Interrupted(int signal);
  int signal() const { return signal_; }
  int exit_code() const { return 128 + signal_; }  // as a shell reports a death by that signal

 private:
  int signal_;
};

// While one exists (a WorkerLauncher holds one), SIGINT, SIGTERM and SIGHUP are noted instead
// of ending the process; outside, they act as usual.
class InterruptForwarding {
 public:
  InterruptForwarding();
  ~InterruptForwarding();
  InterruptForwarding(const InterruptForwarding&) = delete;
  InterruptForwarding& operator=(const InterruptForwarding&) = delete;
};

// The signal noted since the innermost InterruptForwarding began, or 0.
int pending_interrupt();
// Throws Interrupted when a signal was noted.
void throw_if_interrupted();

}  // namespace crucible
