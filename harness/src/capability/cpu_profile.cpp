#include "capability/cpu_profile.hpp"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <memory>
#include <sstream>
#include <thread>
#include <utility>

namespace crucible {

namespace {

std::string trim(std::string_view s) {
  const auto begin = s.find_first_not_of(" \t\r\n");
  if (begin == std::string_view::npos) return "";
  const auto end = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(begin, end - begin + 1));
}

std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

CpuInfo parse_cpuinfo(std::string_view text) {
  CpuInfo info;
  std::set<std::pair<std::string, std::string>> cores;
  std::string physical_id;
  std::istringstream in{std::string(text)};
  std::string line;
  while (std::getline(in, line)) {
    const auto colon = line.find(':');
    if (colon == std::string::npos) continue;
    const std::string key = trim(std::string_view(line).substr(0, colon));
    const std::string value = trim(std::string_view(line).substr(colon + 1));
    if (key == "processor") {
      ++info.logical_cpus;
    } else if ((key == "model name" || key == "Model" || key == "cpu model") && info.model.empty()) {
      info.model = value;
    } else if (key == "physical id") {
      physical_id = value;
    } else if (key == "core id") {
      cores.emplace(physical_id, value);
    } else if ((key == "flags" || key == "Features") && info.flags.empty()) {
      std::istringstream words(value);
      std::string word;
      while (words >> word) info.flags.insert(word);
    }
  }
  info.physical_cores = static_cast<unsigned>(cores.size());
  return info;
}

std::vector<std::string> notable_isa(const std::set<std::string>& flags) {
  static const char* const order[] = {"sse4_2",      "avx",         "avx2",        "fma",      "bmi2",
                                      "avx512f",     "avx512bw",    "avx512vl",    "avx512_vnni", "avx512_bf16",
                                      "avx512_fp16", "amx_tile",    "amx_bf16",    "amx_int8", "asimd",
                                      "sve",         "sve2"};
  std::vector<std::string> out;
  for (const char* name : order) {
    if (flags.count(name)) out.emplace_back(name);
  }
  return out;
}

std::optional<std::uint64_t> parse_size(std::string_view text) {
  const std::string s = trim(text);
  if (s.empty() || !std::isdigit(static_cast<unsigned char>(s[0]))) return std::nullopt;
  std::size_t used = 0;
  std::uint64_t value = 0;
  try {
    value = std::stoull(s, &used);
  } catch (const std::exception&) {
    return std::nullopt;
  }
  std::string unit = trim(std::string_view(s).substr(used));
  if (!unit.empty() && (unit.back() == 'B' || unit.back() == 'b')) unit.pop_back();
  if (unit.empty()) return value;
  switch (unit[0]) {
    case 'K': case 'k': return value << 10;
    case 'M': case 'm': return value << 20;
    case 'G': case 'g': return value << 30;
    default: return std::nullopt;
  }
}

std::optional<std::uint64_t> parse_meminfo_total(std::string_view text) {
  std::istringstream in{std::string(text)};
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("MemTotal:", 0) == 0) return parse_size(std::string_view(line).substr(9));
  }
  return std::nullopt;
}

std::vector<CacheInfo> read_caches(const std::filesystem::path& cache_dir) {
  std::vector<CacheInfo> caches;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(cache_dir, ec)) {
    if (entry.path().filename().string().rfind("index", 0) != 0) continue;
    CacheInfo c;
    try {
      c.level = std::stoi(trim(read_text(entry.path() / "level")));
    } catch (const std::exception&) {
      continue;
    }
    c.type = trim(read_text(entry.path() / "type"));
    c.bytes = parse_size(read_text(entry.path() / "size")).value_or(0);
    c.shared_cpu_list = trim(read_text(entry.path() / "shared_cpu_list"));
    caches.push_back(std::move(c));
  }
  std::sort(caches.begin(), caches.end(),
            [](const CacheInfo& a, const CacheInfo& b) { return std::tie(a.level, a.type) < std::tie(b.level, b.type); });
  return caches;
}

double measure_triad_bytes_per_s(std::size_t elements, unsigned threads, int repeats) {
  threads = std::max(threads, 1u);
  elements = std::max<std::size_t>(elements, threads);
  std::unique_ptr<double[]> a(new double[elements]), b(new double[elements]), c(new double[elements]);
  const auto slice = [&](unsigned t) {
    const std::size_t begin = elements * t / threads, end = elements * (t + 1) / threads;
    return std::pair{begin, end};
  };
  const auto parallel = [&](auto&& body) {
    std::vector<std::thread> pool;
    for (unsigned t = 0; t < threads; ++t) pool.emplace_back([&, t] { body(slice(t)); });
    for (auto& th : pool) th.join();
  };
  parallel([&](std::pair<std::size_t, std::size_t> r) {
    for (std::size_t i = r.first; i < r.second; ++i) {
      a[i] = 0;
      b[i] = 1.0 + static_cast<double>(i % 7);
      c[i] = 2.0 + static_cast<double>(i % 5);
    }
  });
  const double s = 3.0;
  double best = 0;
  for (int rep = 0; rep < std::max(repeats, 1); ++rep) {
    const auto start = std::chrono::steady_clock::now();
    parallel([&](std::pair<std::size_t, std::size_t> r) {
      double* __restrict pa = a.get();
      const double* __restrict pb = b.get();
      const double* __restrict pc = c.get();
      for (std::size_t i = r.first; i < r.second; ++i) pa[i] = pb[i] + s * pc[i];
    });
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (seconds > 0) best = std::max(best, 24.0 * static_cast<double>(elements) / seconds);
  }
  volatile double sink = a[elements / 2];
  (void)sink;
  return best;
}

nlohmann::json cpu_profile_json(bool quick) {
  const CpuInfo info = parse_cpuinfo(read_text("/proc/cpuinfo"));
  const unsigned threads = std::max(1u, std::thread::hardware_concurrency());
  nlohmann::json caches = nlohmann::json::array();
  std::uint64_t last_level_total = 0;
  int last_level = 0;
  for (const auto& c : read_caches("/sys/devices/system/cpu/cpu0/cache")) {
    caches.push_back({{"level", c.level}, {"type", c.type}, {"bytes", c.bytes}, {"shared_cpu_list", c.shared_cpu_list}});
    if (c.level >= last_level && c.type != "Instruction") {
      last_level = c.level;
      last_level_total = c.bytes;
    }
  }
  const std::uint64_t memory = parse_meminfo_total(read_text("/proc/meminfo"))
                                   .value_or(static_cast<std::uint64_t>(::sysconf(_SC_PHYS_PAGES)) *
                                             static_cast<std::uint64_t>(::sysconf(_SC_PAGE_SIZE)));
  // Triad arrays: together at least 8x the last-level cache and 96 MiB, at most 1/8 of memory.
  std::size_t elements = quick ? (std::size_t{1} << 18)
                               : std::max<std::size_t>(8 * last_level_total / 24, (std::size_t{96} << 20) / 24);
  if (!quick) elements = std::min<std::size_t>(elements, memory / 8 / 24);
  std::string fma_isa;
  const double triad = measure_triad_bytes_per_s(elements, threads, quick ? 2 : 10);
  const double flops = measure_fp32_fma_flops(threads, quick ? 2000000 : 20000000, &fma_isa);
  return {{"model", info.model},
          {"logical_cpus", info.logical_cpus ? info.logical_cpus : threads},
          {"physical_cores", info.physical_cores},
          {"isa", notable_isa(info.flags)},
          {"caches", caches},
          {"memory_bytes", memory},
          {"measured",
           {{"threads", threads},
            {"triad_bytes_per_s", triad},
            {"triad_elements", elements},
            {"fp32_flops", flops},
            {"fma_isa", fma_isa},
            {"quick", quick}}}};
}

}  // namespace crucible
