// `crucible address parse` and `crucible address generate`.
#include "parse_command.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <charconv>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>
#include <ostream>
#include <string>
#include <thread>
#include <vector>

#include <crucible/atomic_file.hpp>
#include <crucible/command_errors.hpp>

#include "address/csv.hpp"
#include "address/cuda_parser.hpp"
#include "address/generator.hpp"
#include "address/model.hpp"
#include "address/parse_core.hpp"
#include "parse_config.hpp"
#include "parse_job.hpp"

namespace address_cli {
namespace fs = std::filesystem;

namespace {

// Holds an exclusive lock on OUT/.lock for the run: two runs into one folder would interleave
// their state files.
class FolderLock {
 public:
  explicit FolderLock(const fs::path& dir) {
    const fs::path path = dir / ".lock";
    fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd_ < 0) throw crucible::ResourceError(path.string() + ": cannot create: " + std::strerror(errno));
    if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
      char holder[32] = {};
      const ssize_t n = ::pread(fd_, holder, sizeof holder - 1, 0);
      ::close(fd_);
      throw crucible::UsageError(dir.string() + " is in use by another `crucible address parse` (pid " +
                                 std::string(holder, n > 0 ? static_cast<std::size_t>(n) : 0) + ")");
    }
    const std::string pid = std::to_string(::getpid());
    if (::ftruncate(fd_, 0) == 0 && ::pwrite(fd_, pid.data(), pid.size(), 0) < 0) {
      // The pid is only a courtesy for the message above; the lock is what matters.
    }
  }
  ~FolderLock() { ::close(fd_); }
  FolderLock(const FolderLock&) = delete;
  FolderLock& operator=(const FolderLock&) = delete;

 private:
  int fd_ = -1;
};

std::uint64_t integer_flag(const std::string& flag, const std::string& v, std::uint64_t min, std::uint64_t max) {
  std::uint64_t n = 0;
  const char* end = v.data() + v.size();
  auto [p, ec] = std::from_chars(v.data(), end, n);
  if (v.empty() || ec != std::errc{} || p != end || n < min || n > max)
    throw crucible::UsageError(flag + " must be an integer in [" + std::to_string(min) + ", " + std::to_string(max) +
                               "], got '" + v + "'");
  return n;
}

}  // namespace

int parse_command(int argc, const char* const* argv, std::ostream& out, std::ostream& err) {
  ParseConfig config;
  std::vector<fs::path> inputs;
  fs::path out_dir;
  std::string config_file;
  bool quiet = false;
  std::vector<std::pair<std::string, std::string>> flags;
  for (int k = 1; k < argc; ++k) {
    const std::string arg = argv[k];
    if (arg.rfind("--", 0) != 0) {
      inputs.emplace_back(arg);
      continue;
    }
    if (arg == "--quiet") {
      quiet = true;
      continue;
    }
    if (k + 1 >= argc) throw crucible::UsageError(arg + " needs a value");
    const std::string value = argv[++k];
    if (arg == "--out") out_dir = value;
    else if (arg == "--config") config_file = value;
    else flags.emplace_back(arg, value);
  }
  if (inputs.empty()) throw crucible::UsageError("parse needs at least one input CSV file (see --help)");
  if (out_dir.empty()) throw crucible::UsageError("parse needs --out DIR");
  try {
    if (!config_file.empty()) load_parse_config(config_file, config);
    for (const auto& [flag, value] : flags)
      if (!set_parse_flag(flag, value, config)) throw crucible::UsageError("unknown option '" + flag + "' (see --help)");
  } catch (const ConfigError& e) {
    throw crucible::UsageError(e.message);
  }
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    if (!fs::is_regular_file(inputs[i])) throw crucible::InputError(inputs[i].string() + ": no such file");
    for (std::size_t j = 0; j < i; ++j)
      if (inputs[i].stem() == inputs[j].stem())
        throw crucible::UsageError(inputs[i].string() + " and " + inputs[j].string() +
                                   " have the same name; their outputs would collide in " + out_dir.string());
  }
  std::error_code ec;
  fs::create_directories(out_dir, ec);
  if (!fs::is_directory(out_dir)) throw crucible::UsageError("--out " + out_dir.string() + ": not a folder that can be created");
  if (::access(out_dir.c_str(), W_OK) != 0) throw crucible::UsageError("--out " + out_dir.string() + ": not writable");
  const FolderLock lock(out_dir);

  // Devices: the GPU when asked for or found; the choice and its reason are printed.
  std::unique_ptr<address::CudaParser> gpu;
  std::string why_not;
  if (config.device != "cpu") {
    gpu = address::CudaParser::create(address::builtin_model(), &why_not);
    if (!gpu && config.device == "cuda") throw crucible::ResourceError("--device cuda: " + why_not);
  }
  const unsigned hw = std::max(1u, std::thread::hardware_concurrency());
  if (!quiet) {
    err << "address parse: " << inputs.size() << " file(s) into " << out_dir.string() << "; "
        << (config.threads ? config.threads : hw) << " CPU thread(s)"
        << (config.threads ? " (set)" : " (one per hardware thread)") << "; ";
    if (gpu) err << "GPU share " << config.gpu_share << " of each chunk, GPU batches of up to " << config.gpu_batch << " rows\n";
    else err << (config.device == "cpu" ? "--device cpu" : "no GPU (" + why_not + ")") << ": every row on the CPU\n";
  }

  ParseJob job(config, out_dir, gpu.get(), err);
  int failed = 0;
  std::uint64_t rows = 0;
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    const FileOutcome o = job.run(inputs[i], static_cast<int>(i + 1), static_cast<int>(inputs.size()));
    char line[512];
    switch (o.kind) {
      case FileOutcome::Kind::failed:
        ++failed;
        err << "address parse: " << o.error << '\n';
        continue;
      case FileOutcome::Kind::skipped:
        std::snprintf(line, sizeof line, "%s: already done (%llu rows) -> %s\n", inputs[i].c_str(),
                      static_cast<unsigned long long>(o.rows), o.output.c_str());
        break;
      default:
        std::snprintf(line, sizeof line, "%s: %llu rows, %llu parsed, %.2f s (%.0f rows/s)%s -> %s\n", inputs[i].c_str(),
                      static_cast<unsigned long long>(o.rows), static_cast<unsigned long long>(o.parsed), o.seconds,
                      o.seconds > 0 ? static_cast<double>(o.rows_this_run) / o.seconds : 0.0,
                      o.kind == FileOutcome::Kind::resumed ? " (resumed)" : "", o.output.c_str());
    }
    rows += o.rows;
    out << line;
  }
  if (failed) {
    if (inputs.size() > 1)
      err << "address parse: " << failed << " of " << inputs.size() << " file(s) failed; the others are complete\n";
    return crucible::exit_code::usage;
  }
  return crucible::exit_code::ok;
}

int generate_command(int argc, const char* const* argv, std::ostream& out) {
  std::uint64_t rows = 1000, seed = 1;
  std::string file;
  for (int k = 1; k < argc; ++k) {
    const std::string arg = argv[k];
    if (k + 1 >= argc) throw crucible::UsageError(arg + " needs a value");
    const std::string value = argv[++k];
    if (arg == "--rows") rows = integer_flag(arg, value, 1, 100'000'000);
    else if (arg == "--seed") seed = integer_flag(arg, value, 0, UINT64_MAX);
    else if (arg == "--out") file = value;
    else throw crucible::UsageError("unexpected argument '" + arg + "'");
  }
  if (file.empty()) throw crucible::UsageError("generate needs --out FILE");
  const auto& g = address::builtin_gazetteer();
  const auto& view = address::builtin_model().view();
  address::Generator gen(g, {seed, address::Templates::all, true});
  std::string csv;
  address::append_csv_record(csv, {"addr_hash_key", "addr_text", "city_id", "pincode", "state_id"});
  char key[32];
  for (std::uint64_t i = 0; i < rows; ++i) {
    const auto s = gen.next();
    std::snprintf(key, sizeof key, "a%010llu", static_cast<unsigned long long>(i));
    std::uint32_t at = 0;
    const std::string pin = s.pin_hint ? std::to_string(s.pin_hint) : "";
    std::string state = s.pin_hint && address::is_known_pin(view, s.pin_hint, &at) ? g.states[view.pin_state[at]].code : "";
    std::string city = s.gold[address::kCity - 1];
    address::append_csv_record(csv, {key, s.text, city, pin, state});
  }
  crucible::write_file_atomically(file, csv);
  out << "wrote " << rows << " addresses to " << file << '\n';
  return crucible::exit_code::ok;
}

}  // namespace address_cli
