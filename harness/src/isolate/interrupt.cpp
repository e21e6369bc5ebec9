#include "isolate/interrupt.hpp"

#include <signal.h>

#include <atomic>
#include <cstring>

namespace crucible {

namespace {

constexpr int kForwarded[] = {SIGINT, SIGTERM, SIGHUP};
struct sigaction saved[3];  // the handlers in place before the outermost InterruptForwarding
int depth = 0;
std::atomic<int> received{0};

extern "C" void note_signal(int signal) { received.store(signal); }

}  // namespace

Interrupted::Interrupted(int signal)
    : std::runtime_error("interrupted by signal " + std::to_string(signal) + " (" + ::strsignal(signal) + ")"),
      signal_(signal) {}

InterruptForwarding::InterruptForwarding() {
  if (depth++ > 0) return;
  received.store(0);
  struct sigaction action {};
  action.sa_handler = note_signal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = 0;  // no SA_RESTART: a wait in progress returns and sees the signal
  for (int i = 0; i < 3; ++i) ::sigaction(kForwarded[i], &action, &saved[i]);
}

InterruptForwarding::~InterruptForwarding() {
  if (--depth > 0) return;
  for (int i = 0; i < 3; ++i) ::sigaction(kForwarded[i], &saved[i], nullptr);
}

int pending_interrupt() { return received.load(); }

void throw_if_interrupted() {
  if (const int signal = pending_interrupt()) throw Interrupted(signal);
}

}  // namespace crucible
