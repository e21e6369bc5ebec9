#include "fleet/slurm_states.hpp"

#include <algorithm>
#include <cctype>
#include <array>
#include <cstdio>
#include <memory>
#include <sstream>

namespace crucible {

namespace {

bool all_digits(const std::string& s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c); });
}

std::string command_output(const std::string& command) {
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(::popen((command + " 2>/dev/null").c_str(), "r"), ::pclose);
  if (!pipe) return "";
  std::string out;
  std::array<char, 512> buffer{};
  while (std::fgets(buffer.data(), buffer.size(), pipe.get())) out += buffer.data();
  return out;
}

}  // namespace

std::map<int, std::string> query_task_states(const std::string& job) {
  if (!is_slurm_job_id(job)) return {};  // never a shell word of the user's
  auto states = parse_sacct_task_states(command_output("sacct -n -P -X -j " + job + " -o JobID,State"), job);
  for (const auto& [k, state] : parse_sacct_task_states(command_output("squeue -h -r -t all -j " + job + " -o '%i|%T'"), job)) {
    states[k] = state;
  }
  return states;
}

bool is_slurm_job_id(const std::string& text) {
  const auto underscore = text.find('_');
  if (underscore == std::string::npos) return all_digits(text);
  return all_digits(text.substr(0, underscore)) && all_digits(text.substr(underscore + 1));
}

std::map<int, std::string> parse_sacct_task_states(const std::string& sacct_output, const std::string& job) {
  std::map<int, std::string> out;
  std::istringstream in(sacct_output);
  const std::string prefix = job + "_";
  for (std::string line; std::getline(in, line);) {
    const auto bar = line.find('|');
    if (bar == std::string::npos || line.compare(0, prefix.size(), prefix) != 0) continue;
    std::string task = line.substr(prefix.size(), bar - prefix.size());
    std::string state = line.substr(bar + 1);
    if (const auto end = state.find('|'); end != std::string::npos) state.resize(end);
    if (all_digits(task)) {
      out[std::stoi(task) + 1] = state;
    } else if (task.size() > 2 && task.front() == '[' && task.back() == ']') {
      // "[0-3,5%2]": ranges and single tasks, an optional %limit at the end.
      std::string body = task.substr(1, task.size() - 2);
      if (const auto pct = body.find('%'); pct != std::string::npos) body.resize(pct);
      std::istringstream parts(body);
      for (std::string part; std::getline(parts, part, ',');) {
        const auto dash = part.find('-');
        const std::string lo = part.substr(0, dash), hi = dash == std::string::npos ? lo : part.substr(dash + 1);
        if (!all_digits(lo) || !all_digits(hi) || lo.size() > 6 || hi.size() > 6) continue;
        for (int t = std::stoi(lo); t <= std::stoi(hi); ++t) out[t + 1] = state;
      }
    }
  }
  return out;
}

}  // namespace crucible
