#include "isolate/child_process.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "isolate/interrupt.hpp"
#include "isolate/memory_limit.hpp"

namespace crucible {

std::string ChildOutcome::reason() const {
  std::ostringstream os;
  if (timed_out) {
    os << "timed out after " << seconds << " s (killed)";
  } else if (signal != 0) {
    os << "crashed with signal " << signal << " (" << strsignal(signal) << ")";
  } else if (exit_code != 0) {
    os << "worker exited with code " << exit_code;
  } else {
    os << "ok";
  }
  return os.str();
}

std::string file_tail(const std::filesystem::path& file, std::size_t max_bytes) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return {};
  in.seekg(0, std::ios::end);
  const auto size = static_cast<std::size_t>(in.tellg());
  const std::size_t start = size > max_bytes ? size - max_bytes : 0;
  in.seekg(static_cast<std::streamoff>(start));
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (start > 0) {
    if (auto nl = text.find('\n'); nl != std::string::npos) text.erase(0, nl + 1);
  }
  return text;
}

ChildOutcome run_child(const std::vector<std::string>& argv, const std::filesystem::path& log_file,
                       std::chrono::duration<double> timeout, std::uint64_t memory_limit_bytes) {
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);

  throw_if_interrupted();
  const int log = ::open(log_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (log < 0) throw std::runtime_error(log_file.string() + ": cannot create log: " + std::strerror(errno));

  const auto start = std::chrono::steady_clock::now();
  const pid_t parent = ::getpid();
  // The child's own deadline, should this process die before enforcing it: an alarm survives
  // exec and ends the worker a few seconds after the parent would have.
  const auto alarm_s = static_cast<unsigned>(std::min(timeout.count() + 5.0, 1e6));
  const pid_t pid = ::fork();
  if (pid < 0) {
    ::close(log);
    throw std::runtime_error(std::string("fork failed: ") + std::strerror(errno));
  }
  if (pid == 0) {
    ::setpgid(0, 0);  // its own group: a timeout kills everything it started
    // Dies with its parent (even by kill -9); the check closes the race with a parent that
    // died before the request was made. The signal follows the thread that forked, so
    // workers are started from the thread that waits for them.
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent) ::_exit(127);
    ::alarm(alarm_s);
    apply_memory_limit(memory_limit_bytes);
    ::dup2(log, STDOUT_FILENO);
    ::dup2(log, STDERR_FILENO);
    const int devnull = ::open("/dev/null", O_RDONLY);
    if (devnull >= 0) ::dup2(devnull, STDIN_FILENO);
    ::execv(args[0], args.data());
    std::fprintf(stderr, "cannot start %s: %s\n", args[0], std::strerror(errno));
    ::_exit(127);
  }
  ::setpgid(pid, pid);
  ::close(log);

  ChildOutcome outcome;
  if (memory_limit_supported()) outcome.memory_limit_bytes = memory_limit_bytes;
  int status = 0;
  auto pause = std::chrono::milliseconds(1);
  for (;;) {
    const pid_t done = ::waitpid(pid, &status, WNOHANG);
    if (done == pid) break;
    if (done < 0 && errno != EINTR) throw std::runtime_error(std::string("waitpid: ") + std::strerror(errno));
    if (const int signal = pending_interrupt()) {
      ::kill(-pid, SIGKILL);
      ::waitpid(pid, &status, 0);
      throw Interrupted(signal);
    }
    if (std::chrono::steady_clock::now() - start > timeout) {
      ::kill(-pid, SIGKILL);
      ::waitpid(pid, &status, 0);
      outcome.timed_out = true;
      break;
    }
    std::this_thread::sleep_for(pause);
    pause = std::min(pause * 2, std::chrono::milliseconds(20));
  }
  ::kill(-pid, SIGKILL);  // leftovers of the group, if any
  outcome.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!outcome.timed_out) {
    if (WIFEXITED(status)) outcome.exit_code = WEXITSTATUS(status);
    if (WIFSIGNALED(status)) outcome.signal = WTERMSIG(status);
  }
  outcome.log_tail = file_tail(log_file);
  return outcome;
}

}  // namespace crucible
