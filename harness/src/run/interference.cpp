#include "run/interference.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <charconv>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace crucible {

namespace {

std::string read_text(const char* path) {
  std::ifstream in(path);
  std::ostringstream os;
  os << in.rdbuf();
  return os.str();
}

double wall_seconds() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

double seconds_of(const timeval& tv) { return static_cast<double>(tv.tv_sec) + static_cast<double>(tv.tv_usec) * 1e-6; }

// CPU seconds of this process and of its finished children (the workers).
double own_cpu_seconds() {
  double s = 0;
  for (int who : {RUSAGE_SELF, RUSAGE_CHILDREN}) {
    rusage ru{};
    if (::getrusage(who, &ru) == 0) s += seconds_of(ru.ru_utime) + seconds_of(ru.ru_stime);
  }
  return s;
}

}  // namespace

std::optional<CpuTicks> parse_proc_stat(std::string_view text) {
  while (!text.empty()) {
    const auto eol = text.find('\n');
    std::string_view line = text.substr(0, eol);
    text = eol == std::string_view::npos ? std::string_view{} : text.substr(eol + 1);
    if (line.substr(0, 4) != "cpu ") continue;
    line.remove_prefix(4);
    std::uint64_t field[8] = {};
    int n = 0;
    while (n < 8) {
      while (!line.empty() && line.front() == ' ') line.remove_prefix(1);
      if (line.empty()) break;
      auto [end, ec] = std::from_chars(line.data(), line.data() + line.size(), field[n]);
      if (ec != std::errc{}) return std::nullopt;
      line.remove_prefix(static_cast<std::size_t>(end - line.data()));
      ++n;
    }
    if (n < 4) return std::nullopt;  // user nice system idle are always there; later fields came with later kernels
    CpuTicks t;
    for (int i = 0; i < n; ++i) t.total += field[i];
    t.idle = field[3] + field[4];
    t.steal = field[7];
    return t;
  }
  return std::nullopt;
}

std::optional<double> parse_loadavg(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  double v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc{} || end == text.data()) return std::nullopt;
  return v;
}

double canary_ms() {
  constexpr std::size_t kWords = (1u << 20) / sizeof(std::uint32_t);  // 1 MiB
  constexpr int kPasses = 24;
  std::vector<std::uint32_t> buffer(kWords);
  std::vector<double> times;
  static volatile std::uint32_t sink = 0;
  for (int rep = 0; rep < 5; ++rep) {
    for (std::size_t i = 0; i < kWords; ++i) buffer[i] = static_cast<std::uint32_t>(i * 2654435761u);
    const auto t0 = std::chrono::steady_clock::now();
    std::uint32_t x = 12345;
    for (int pass = 0; pass < kPasses; ++pass) {
      // A data-dependent walk: each step reads and writes where the last one pointed.
      for (std::size_t i = 0; i < kWords; ++i) {
        x = x * 1664525u + 1013904223u + buffer[(x >> 8) % kWords];
        buffer[(x >> 12) % kWords] ^= x;
      }
    }
    sink = sink + x;
    times.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
  }
  std::sort(times.begin(), times.end());
  return times[times.size() / 2];
}

void InterferenceProbe::start() {
  canary_start_ms_ = canary_ms();
  load_start_ = parse_loadavg(read_text("/proc/loadavg"));
  ticks_start_ = parse_proc_stat(read_text("/proc/stat"));
  own_cpu_start_s_ = own_cpu_seconds();
  wall_start_s_ = wall_seconds();
}

nlohmann::json InterferenceProbe::finish() const {
  const double wall_s = wall_seconds() - wall_start_s_;
  const double own_s = own_cpu_seconds() - own_cpu_start_s_;
  const auto ticks_end = parse_proc_stat(read_text("/proc/stat"));
  const auto load_end = parse_loadavg(read_text("/proc/loadavg"));
  const long cpus = ::sysconf(_SC_NPROCESSORS_ONLN);
  nlohmann::json out = {{"num_cpus", cpus},
                        {"wall_s", wall_s},
                        {"own_cpus", wall_s > 0 ? own_s / wall_s : 0.0},
                        {"loadavg_start", load_start_ ? nlohmann::json(*load_start_) : nlohmann::json()},
                        {"loadavg_end", load_end ? nlohmann::json(*load_end) : nlohmann::json()}};
  if (ticks_start_ && ticks_end && ticks_end->total > ticks_start_->total) {
    const double total = static_cast<double>(ticks_end->total - ticks_start_->total);
    const double busy = total - static_cast<double>(ticks_end->idle - ticks_start_->idle);
    const double busy_cpus = busy / total * static_cast<double>(cpus);
    out["busy_cpus"] = busy_cpus;
    out["steal_fraction"] = static_cast<double>(ticks_end->steal - ticks_start_->steal) / total;
    out["others_cpus"] = std::max(0.0, busy_cpus - out["own_cpus"].get<double>());
  } else {
    out["busy_cpus"] = nullptr;
    out["steal_fraction"] = nullptr;
    out["others_cpus"] = nullptr;
  }
  out["canary_start_ms"] = canary_start_ms_;
  out["canary_end_ms"] = canary_ms();
  return out;
}

}  // namespace crucible
