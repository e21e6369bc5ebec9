#include "parse_job.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <ctime>
#include <deque>
#include <fstream>
#include <map>
#include <mutex>
#include <optional>
#include <ostream>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include <crucible/atomic_file.hpp>
#include <crucible/command_errors.hpp>

#include "address/batch.hpp"
#include "address/csv.hpp"
#include "address/cuda_parser.hpp"
#include "address/hashing.hpp"
#include "address/model.hpp"
#include "address/parse_core.hpp"

namespace address_cli {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

constexpr const char* kStateFormat = "crucible-address-parse-state/1";
constexpr const char* kRequired[] = {"addr_text", "pincode", "city_id"};
constexpr const char* kDevices[] = {"cpu", "cuda"};

// A read-only mapping of a whole file.
class MappedFile {
 public:
  explicit MappedFile(const fs::path& path) {
    fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd_ < 0) throw crucible::InputError(path.string() + ": cannot open: " + std::strerror(errno));
    struct stat st {};
    if (::fstat(fd_, &st) != 0 || !S_ISREG(st.st_mode)) {
      ::close(fd_);
      throw crucible::InputError(path.string() + ": not a regular file");
    }
    size_ = static_cast<std::size_t>(st.st_size);
    if (size_) {
      data_ = ::mmap(nullptr, size_, PROT_READ, MAP_PRIVATE, fd_, 0);
      if (data_ == MAP_FAILED) {
        ::close(fd_);
        throw crucible::ResourceError(path.string() + ": cannot map: " + std::strerror(errno));
      }
      ::madvise(data_, size_, MADV_SEQUENTIAL);
    }
  }
  ~MappedFile() {
    if (size_) ::munmap(data_, size_);
    ::close(fd_);
  }
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;
  std::string_view bytes() const { return {static_cast<const char*>(data_), size_}; }

 private:
  int fd_ = -1;
  void* data_ = nullptr;
  std::size_t size_ = 0;
};

std::uint64_t fingerprint(std::string_view s) {
  // FNV-1a over 8-byte words, then the tail: fast enough to hash each input once per run.
  std::uint64_t h = address::kFnvOffset ^ s.size();
  std::size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    std::uint64_t w;
    std::memcpy(&w, s.data() + i, 8);
    h = (h ^ w) * 1099511628211ull;
    h ^= h >> 29;
  }
  return address::fnv_bytes(h, s.data() + i, static_cast<int>(s.size() - i));
}

std::string hex(std::uint64_t v) {
  char b[17];
  std::snprintf(b, sizeof b, "%016llx", static_cast<unsigned long long>(v));
  return b;
}

std::string timestamp_now() {
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  ::localtime_r(&t, &tm);
  char b[32];
  std::strftime(b, sizeof b, "%Y%m%d_%H%M%S", &tm);
  return b;
}

// One chunk of records: fields point into the mapping or into `owned` (unescaped fields).
struct Chunk {
  std::size_t begin = 0, end = 0;  // byte range of the input
  std::uint64_t end_line = 0;      // line number after the chunk
  std::vector<std::string_view> fields;
  std::vector<std::uint32_t> record_start{0};  // index into fields, records + 1 entries
  std::vector<std::size_t> record_begin;       // byte offset where each record starts
  std::deque<std::string> owned;
  std::size_t records() const { return record_start.size() - 1; }
};

// Output counts, kept across resumes in the state file.
struct Counts {
  std::uint64_t rows = 0, parsed = 0;
  std::map<std::string, std::uint64_t> errors;
  std::uint64_t by_device[2] = {0, 0};
  double seconds = 0;
  json to_json() const {
    return {{"rows", rows}, {"parsed", parsed}, {"errors", errors},
            {"rows_by_device", {{"cpu", by_device[0]}, {"cuda", by_device[1]}}}, {"seconds", seconds}};
  }
  static Counts from_json(const json& j) {
    Counts c;
    c.rows = j.at("rows").get<std::uint64_t>();
    c.parsed = j.at("parsed").get<std::uint64_t>();
    c.errors = j.at("errors").get<std::map<std::string, std::uint64_t>>();
    c.by_device[0] = j.at("rows_by_device").at("cpu").get<std::uint64_t>();
    c.by_device[1] = j.at("rows_by_device").at("cuda").get<std::uint64_t>();
    c.seconds = j.at("seconds").get<double>();
    return c;
  }
};

struct State {
  std::string input, output, status;  // status: in_progress | completed
  std::uint64_t input_bytes = 0, input_fingerprint = 0;
  std::uint64_t input_offset = 0, input_line = 1, output_bytes = 0;
  unsigned resumes = 0;
  Counts counts;
  json to_json() const {
    return {{"format", kStateFormat}, {"input", input}, {"input_bytes", input_bytes},
            {"input_fingerprint", hex(input_fingerprint)}, {"output", output}, {"status", status},
            {"input_offset", input_offset}, {"input_line", input_line}, {"output_bytes", output_bytes},
            {"resumes", resumes}, {"counts", counts.to_json()}};
  }
  static std::optional<State> read(const fs::path& path) {
    std::ifstream in(path);
    if (!in) return std::nullopt;
    try {
      const json j = json::parse(in);
      if (j.at("format") != kStateFormat) return std::nullopt;
      State s;
      s.input = j.at("input").get<std::string>();
      s.output = j.at("output").get<std::string>();
      s.status = j.at("status").get<std::string>();
      s.input_bytes = j.at("input_bytes").get<std::uint64_t>();
      s.input_fingerprint = std::stoull(j.at("input_fingerprint").get<std::string>(), nullptr, 16);
      s.input_offset = j.at("input_offset").get<std::uint64_t>();
      s.input_line = j.at("input_line").get<std::uint64_t>();
      s.output_bytes = j.at("output_bytes").get<std::uint64_t>();
      s.resumes = j.at("resumes").get<unsigned>();
      s.counts = Counts::from_json(j.at("counts"));
      return s;
    } catch (const std::exception&) {
      return std::nullopt;  // unreadable state: the file is parsed again from the start
    }
  }
};

// An output file opened for appending at a recorded length.
class Appender {
 public:
  Appender(const fs::path& path, std::uint64_t keep) : path_(path) {
    fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
    if (fd_ < 0) throw crucible::ResourceError(path.string() + ": cannot open for writing: " + std::strerror(errno));
    if (::ftruncate(fd_, static_cast<off_t>(keep)) != 0 || ::lseek(fd_, static_cast<off_t>(keep), SEEK_SET) < 0) {
      const std::string why = std::strerror(errno);
      ::close(fd_);
      throw crucible::ResourceError(path.string() + ": cannot truncate: " + why);
    }
  }
  ~Appender() {
    if (fd_ >= 0) ::close(fd_);
  }
  Appender(const Appender&) = delete;
  Appender& operator=(const Appender&) = delete;
  // Appends and fsyncs: after this returns the bytes survive a kill or a crash.
  void append_durably(std::string_view s) {
    std::size_t done = 0;
    while (done < s.size()) {
      const ssize_t n = ::write(fd_, s.data() + done, s.size() - done);
      if (n < 0) {
        if (errno == EINTR) continue;
        throw crucible::ResourceError(path_.string() + ": write failed: " + std::strerror(errno));
      }
      done += static_cast<std::size_t>(n);
    }
    if (::fsync(fd_) != 0) throw crucible::ResourceError(path_.string() + ": fsync failed: " + std::strerror(errno));
  }
  void close() {
    ::close(fd_);
    fd_ = -1;
  }

 private:
  fs::path path_;
  int fd_ = -1;
};

// Progress on stderr: a bar on a terminal, else a status line every interval.
class Progress {
 public:
  Progress(std::ostream& log, double interval_s) : log_(log), tty_(::isatty(STDERR_FILENO)), interval_(interval_s) {}
  void start(const std::string& label, std::uint64_t total_bytes) {
    label_ = label;
    total_ = total_bytes;
    t0_ = last_ = Clock::now();
    rows0_ = 0;
  }
  void update(std::uint64_t bytes_done, std::uint64_t rows_this_run, std::size_t queued, unsigned depth) {
    const auto now = Clock::now();
    const double since = std::chrono::duration<double>(now - last_).count();
    if (since < (tty_ ? 0.2 : interval_)) return;
    last_ = now;
    const double elapsed = std::chrono::duration<double>(now - t0_).count();
    const double rate = elapsed > 0 ? static_cast<double>(rows_this_run) / elapsed : 0;
    const double frac = total_ ? static_cast<double>(bytes_done) / static_cast<double>(total_) : 1;
    char b[256];
    if (tty_) {
      const int width = 30, fill = static_cast<int>(frac * width);
      std::string bar(static_cast<std::size_t>(fill), '#');
      bar.resize(width, '.');
      std::snprintf(b, sizeof b, "\r%s [%s] %5.1f%%  %llu rows  %.0f rows/s\033[K", label_.c_str(), bar.c_str(),
                    100 * frac, static_cast<unsigned long long>(rows_this_run), rate);
      log_ << b << std::flush;
    } else {
      std::snprintf(b, sizeof b, "address parse: %s: %.1f%% of the bytes, %llu rows this run, %.0f rows/s, %zu of %u chunks queued\n",
                    label_.c_str(), 100 * frac, static_cast<unsigned long long>(rows_this_run), rate, queued, depth);
      log_ << b << std::flush;
    }
  }
  void finish() {
    if (tty_) log_ << "\r\033[K" << std::flush;
  }

 private:
  using Clock = std::chrono::steady_clock;
  std::ostream& log_;
  bool tty_;
  double interval_;
  std::string label_;
  std::uint64_t total_ = 0, rows0_ = 0;
  Clock::time_point t0_, last_;
};

// Reads chunks ahead of the parser on its own thread, into a bounded queue.
class ChunkReader {
 public:
  ChunkReader(std::string_view data, std::size_t offset, std::uint64_t line, std::size_t header_fields,
              std::uint32_t chunk_rows, std::size_t chunk_bytes, unsigned depth)
      : reader_(data, offset, line), data_(data), header_fields_(header_fields), chunk_rows_(chunk_rows),
        chunk_bytes_(chunk_bytes), depth_(depth), thread_([this] { loop(); }) {}
  ~ChunkReader() {
    {
      std::lock_guard<std::mutex> lock(m_);
      stop_ = true;
    }
    cv_.notify_all();
    thread_.join();
  }
  // The next chunk, or nullopt at the end; rethrows the reader's CsvError.
  std::optional<Chunk> pop() {
    std::unique_lock<std::mutex> lock(m_);
    cv_.wait(lock, [&] { return !queue_.empty() || done_; });
    if (queue_.empty()) {
      if (error_) std::rethrow_exception(error_);
      return std::nullopt;
    }
    Chunk c = std::move(queue_.front());
    queue_.pop_front();
    cv_.notify_all();
    return c;
  }
  std::size_t queued() {
    std::lock_guard<std::mutex> lock(m_);
    return queue_.size();
  }

 private:
  void loop() {
    try {
      std::vector<std::string_view> rec;
      for (;;) {
        Chunk c;
        c.begin = reader_.offset();
        c.fields.reserve(std::min<std::size_t>(chunk_rows_, 65536) * header_fields_);
        while (c.records() < chunk_rows_ && reader_.offset() - c.begin < chunk_bytes_) {
          const std::size_t at = reader_.offset();
          if (!reader_.next(rec)) break;
          c.record_begin.push_back(at);
          for (const auto f : rec) {
            const bool inside = f.data() >= data_.data() && f.data() <= data_.data() + data_.size();
            if (inside) c.fields.push_back(f);
            else c.fields.emplace_back(c.owned.emplace_back(f));
          }
          c.record_start.push_back(static_cast<std::uint32_t>(c.fields.size()));
        }
        c.end = reader_.offset();
        c.end_line = reader_.line();
        const bool last = c.records() == 0;
        std::unique_lock<std::mutex> lock(m_);
        if (last) break;
        cv_.wait(lock, [&] { return queue_.size() < depth_ || stop_; });
        if (stop_) break;
        queue_.push_back(std::move(c));
        cv_.notify_all();
      }
    } catch (...) {
      std::lock_guard<std::mutex> lock(m_);
      error_ = std::current_exception();
    }
    std::lock_guard<std::mutex> lock(m_);
    done_ = true;
    cv_.notify_all();
  }

  address::CsvReader reader_;
  std::string_view data_;
  std::size_t header_fields_;
  std::uint32_t chunk_rows_;
  std::size_t chunk_bytes_;
  unsigned depth_;
  std::mutex m_;
  std::condition_variable cv_;
  std::deque<Chunk> queue_;
  bool done_ = false, stop_ = false;
  std::exception_ptr error_;
  std::thread thread_;
};

std::uint32_t pin_hint_of(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  if (s.size() != 6) return 0;
  std::uint32_t v = 0;
  for (const char c : s) {
    if (c < '0' || c > '9') return 0;
    v = v * 10 + static_cast<std::uint32_t>(c - '0');
  }
  return v;
}

}  // namespace

struct ParseJob::Impl {
  ParseConfig config;
  fs::path out_dir;
  address::CudaParser* gpu;
  std::ostream& log;
  Progress progress;

  Impl(const ParseConfig& c, fs::path d, address::CudaParser* g, std::ostream& l)
      : config(c), out_dir(std::move(d)), gpu(g), log(l), progress(l, c.status_interval_s) {}

  // The columns of the file's header; the indices of the required ones.
  struct Columns {
    std::size_t count = 0, text = 0, pin = 0;
  };

  static Columns check_header(const std::vector<std::string_view>& header, const fs::path& input) {
    Columns c;
    c.count = header.size();
    std::size_t at[3];
    for (int k = 0; k < 3; ++k) {
      const auto it = std::find(header.begin(), header.end(), kRequired[k]);
      if (it == header.end()) {
        std::string have;
        for (const auto h : header) have += std::string(have.empty() ? "" : ", ") + std::string(h);
        throw crucible::InputError(input.string() + ":1: missing required column '" + kRequired[k] +
                                   "' (required: addr_text, pincode, city_id; the header has: " + have + ")");
      }
      at[k] = static_cast<std::size_t>(it - header.begin());
    }
    for (std::size_t i = 0; i < header.size(); ++i)
      for (std::size_t j = 0; j < i; ++j)
        if (header[i] == header[j])
          throw crucible::InputError(input.string() + ":1: column '" + std::string(header[i]) + "' appears twice");
    c.text = at[0];
    c.pin = at[1];
    return c;
  }

  // The output header: the input's columns, then the parsed ones.
  static std::string output_header(const std::vector<std::string_view>& header) {
    std::vector<std::string> names;
    for (const char* f : address::kFieldNames) names.push_back(std::string("parsed_") + f);
    for (const char* f : {"parsed_note", "parse_success", "parse_error", "processed_by_device"}) names.emplace_back(f);
    std::vector<std::string_view> all(header.begin(), header.end());
    for (const auto& n : names) all.push_back(n);
    std::string out;
    address::append_csv_record(out, all);
    return out;
  }

  // Appends the output record of row r of the chunk.
  static void format_row(const Chunk& c, std::size_t r, const Columns& cols, const address::ParseResult& x,
                         const char* row_error, std::string_view data, int device, std::string& out) {
    const auto& g = address::builtin_gazetteer();
    const std::uint32_t f0 = c.record_start[r], nf = c.record_start[r + 1] - f0;
    std::vector<std::string_view> rec;
    rec.reserve(cols.count + 15);
    for (std::size_t i = 0; i < cols.count; ++i) rec.push_back(i < nf ? c.fields[f0 + i] : std::string_view());
    std::string pin_text, note, error;
    if (row_error) {
      for (int f = 0; f < address::kFields; ++f) rec.emplace_back();
      // The row as read, so that nothing of a malformed row is lost.
      std::string_view raw = data.substr(c.record_begin[r], (r + 1 < c.records() ? c.record_begin[r + 1] : c.end) - c.record_begin[r]);
      while (!raw.empty() && (raw.back() == '\n' || raw.back() == '\r')) raw.remove_suffix(1);
      error = std::string(row_error) + "; the row as read: " + std::string(raw);
      rec.emplace_back();
      rec.emplace_back("false");
      rec.emplace_back(error);
      rec.emplace_back(kDevices[device]);
      address::append_csv_record(out, rec);
      return;
    }
    const std::string_view text = c.fields[f0 + cols.text];
    std::vector<std::string> inferred;
    for (int f = 0; f < address::kFields; ++f) {
      const address::Label l = static_cast<address::Label>(f + 1);
      if (x.len[f]) {
        rec.push_back(text.substr(x.start[f], x.len[f]));
      } else if (l == address::kDistrict && (x.flags & address::kDistrictInferred)) {
        rec.emplace_back(g.districts[x.district].name);
        inferred.emplace_back("district");
      } else if (l == address::kState && (x.flags & address::kStateInferred)) {
        rec.emplace_back(g.states[x.state].name);
        inferred.emplace_back("state");
      } else if (l == address::kCountry && (x.flags & address::kCountryInferred)) {
        rec.emplace_back("India");
        inferred.emplace_back("country");
      } else if (l == address::kPin && (x.flags & address::kPinInferred)) {
        pin_text = std::to_string(x.pin);
        rec.emplace_back(pin_text);
      } else {
        rec.emplace_back();
      }
    }
    if (x.flags & address::kPinInferred) note = "pin_code from the pincode column";
    if (!inferred.empty()) {
      if (!note.empty()) note += "; ";
      note += "inferred from PIN " + std::to_string(x.pin) + ":";
      for (const auto& i : inferred) note += " " + i;
    }
    if (x.flags & address::kTruncated) note += std::string(note.empty() ? "" : "; ") + "tokens past the 64th not parsed";
    rec.emplace_back(note);
    rec.emplace_back((x.flags & address::kSuccess) ? "true" : "false");
    rec.emplace_back(address::kStatusText[x.status]);
    rec.emplace_back(kDevices[device]);
    address::append_csv_record(out, rec);
  }

  // GPU share of a chunk, retried in halves on errors and finally on the CPU: the rows and
  // their results are the same wherever they are parsed.
  void parse_on_gpu(const address::Batch& b, address::ParseResult* out, std::vector<std::uint8_t>& device) {
    std::size_t first = 0;
    std::size_t batch = config.gpu_batch;
    while (first < b.size()) {
      const std::size_t n = std::min(batch, b.size() - first);
      address::Batch part;
      for (std::size_t i = first; i < first + n; ++i) part.add(b.text(i), b.pin_hints[i]);
      try {
        gpu->parse(part, out + first);
        std::fill(device.begin() + static_cast<std::ptrdiff_t>(first), device.begin() + static_cast<std::ptrdiff_t>(first + n), 1);
        first += n;
      } catch (const std::exception& e) {
        if (n > 1024) {
          batch = n / 2;
          log << "address parse: GPU error (" << e.what() << "); retrying with batches of " << batch << " rows\n";
          continue;
        }
        log << "address parse: GPU error (" << e.what() << "); these " << n << " rows go to the CPU\n";
        address::parse_range(address::builtin_model().view(), part, 0, n, out + first);
        first += n;
      }
    }
  }

  void process_chunk(const Chunk& c, const Columns& cols, std::string_view data, std::string& out, Counts& counts) {
    const std::size_t n = c.records();
    // Rows with the wrong field count are not parsed; the rest go into one batch.
    std::vector<const char*> row_error(n, nullptr);
    std::vector<std::string> messages;
    messages.reserve(n);
    address::Batch batch;
    std::vector<std::uint32_t> slot(n, 0);
    for (std::size_t r = 0; r < n; ++r) {
      const std::uint32_t nf = c.record_start[r + 1] - c.record_start[r];
      if (nf != cols.count) {
        messages.push_back("row has " + std::to_string(nf) + " fields, the header has " + std::to_string(cols.count));
        row_error[r] = messages.back().c_str();
        continue;
      }
      slot[r] = static_cast<std::uint32_t>(batch.size());
      batch.add(c.fields[c.record_start[r] + cols.text], pin_hint_of(c.fields[c.record_start[r] + cols.pin]));
    }
    std::vector<address::ParseResult> results(batch.size());
    std::vector<std::uint8_t> device(batch.size(), 0);
    const std::size_t on_gpu = gpu ? static_cast<std::size_t>(static_cast<double>(batch.size()) * config.gpu_share) : 0;
    address::Batch gpu_part, cpu_part;
    if (on_gpu) {
      for (std::size_t i = 0; i < batch.size(); ++i) (i < on_gpu ? gpu_part : cpu_part).add(batch.text(i), batch.pin_hints[i]);
      std::vector<std::uint8_t> gdev(on_gpu, 0);
      std::thread g([&] { parse_on_gpu(gpu_part, results.data(), gdev); });
      address::parse_batch_fast(address::builtin_model().view(), cpu_part, results.data() + on_gpu, config.threads);
      g.join();
      std::copy(gdev.begin(), gdev.end(), device.begin());
    } else {
      address::parse_batch_fast(address::builtin_model().view(), batch, results.data(), config.threads);
    }
    // Format slices on the parser's threads, then join them in row order.
    unsigned threads = config.threads ? config.threads : std::max(1u, std::thread::hardware_concurrency());
    threads = static_cast<unsigned>(std::min<std::size_t>(threads, std::max<std::size_t>(1, n / 512)));
    std::vector<std::string> parts(threads);
    auto format = [&](unsigned k) {
      const std::size_t a = n * k / threads, z = n * (k + 1) / threads;
      for (std::size_t r = a; r < z; ++r)
        format_row(c, r, cols, results.empty() || row_error[r] ? address::ParseResult{} : results[slot[r]], row_error[r], data,
                   row_error[r] ? 0 : device[slot[r]], parts[k]);
    };
    std::vector<std::thread> pool;
    for (unsigned k = 1; k < threads; ++k) pool.emplace_back(format, k);
    format(0);
    for (auto& t : pool) t.join();
    for (const auto& p : parts) out += p;
    // Counts.
    for (std::size_t r = 0; r < n; ++r) {
      ++counts.rows;
      if (row_error[r]) {
        ++counts.errors["row has the wrong number of fields"];
        ++counts.by_device[0];
        continue;
      }
      const auto& x = results[slot[r]];
      ++counts.by_device[device[slot[r]]];
      if (x.flags & address::kSuccess) ++counts.parsed;
      else ++counts.errors[address::kStatusText[x.status]];
    }
  }

  void write_metadata(const fs::path& input, const State& s) {
    json meta = {{"input", input.string()},
                 {"input_bytes", s.input_bytes},
                 {"input_fingerprint", hex(s.input_fingerprint)},
                 {"output", s.output},
                 {"device", gpu ? "cuda + cpu" : "cpu"},
                 {"resumes", s.resumes},
                 {"rows_per_s", s.counts.seconds > 0 ? static_cast<double>(s.counts.rows) / s.counts.seconds : 0.0}};
    const json counts = s.counts.to_json();
    for (const auto& [k, v] : counts.items()) meta[k] = v;
    meta["configuration"] = {{"threads", config.threads},       {"chunk_rows", config.chunk_rows},
                             {"device", config.device},         {"gpu_share", config.gpu_share},
                             {"gpu_batch", config.gpu_batch},   {"queue_depth", config.queue_depth},
                             {"memory_ceiling_mb", config.memory_ceiling_mb}};
    fs::path m = out_dir / s.output;
    m.replace_extension(".json");
    crucible::write_file_atomically(m, meta.dump(2) + "\n");
  }

  FileOutcome run(const fs::path& input, int index, int count) {
    FileOutcome outcome;
    const auto t0 = std::chrono::steady_clock::now();
    const MappedFile file(input);
    const std::string_view data = file.bytes();
    const std::string base = input.stem().string();
    const fs::path state_path = out_dir / (base + ".state.json");
    const std::uint64_t fp = fingerprint(data);

    std::optional<State> previous = State::read(state_path);
    if (previous && (previous->input_fingerprint != fp || previous->input_bytes != data.size())) {
      log << "address parse: " << input.string() << " changed since its last run; parsing it again from the start\n";
      previous.reset();
    }
    if (previous && previous->status == "completed" && fs::exists(out_dir / previous->output)) {
      outcome.kind = FileOutcome::Kind::skipped;
      outcome.output = (out_dir / previous->output).string();
      outcome.rows = previous->counts.rows;
      outcome.parsed = previous->counts.parsed;
      return outcome;
    }

    address::CsvReader header_reader(data);
    std::vector<std::string_view> header;
    try {
      if (!header_reader.next(header)) throw crucible::InputError(input.string() + ": empty file (no header line)");
    } catch (const address::CsvError& e) {
      throw crucible::InputError(input.string() + ":" + std::to_string(e.line) + ": " + std::string(e.what()).substr(std::string(e.what()).find(": ") + 2));
    }
    const Columns cols = check_header(header, input);

    State s;
    const fs::path final_path = [&] { return out_dir / (previous ? previous->output : base + "_processed_" + timestamp_now() + ".csv"); }();
    const fs::path partial = final_path.string() + ".partial";
    bool resumed = false;
    if (previous && previous->status == "in_progress") {
      std::error_code ec;
      const auto have = fs::file_size(partial, ec);
      if (!ec && have >= previous->output_bytes) {
        s = *previous;
        ++s.resumes;
        resumed = true;
      } else if (fs::exists(final_path) && previous->input_offset == data.size() &&
                 fs::file_size(final_path) == previous->output_bytes) {
        s = *previous;  // killed after the rename: only the metadata and state are left to write
        resumed = true;
      }
    }
    if (!resumed) {
      s = State{};
      s.input = input.string();
      s.output = final_path.filename().string();
      s.status = "in_progress";
      s.input_bytes = data.size();
      s.input_fingerprint = fp;
      s.input_offset = header_reader.offset();
      s.input_line = header_reader.line();
    }
    const double seconds_before = s.counts.seconds;
    const std::uint64_t rows_before = s.counts.rows;

    if (s.input_offset < data.size() || !fs::exists(final_path)) {
      Appender out(partial, resumed ? s.output_bytes : 0);
      if (!resumed) {
        const std::string h = output_header(header);
        out.append_durably(h);
        s.output_bytes = h.size();
        crucible::write_file_atomically(state_path, s.to_json().dump(2) + "\n");
      } else {
        log << "address parse: resuming " << input.string() << " at line " << s.input_line << " (" << s.counts.rows
            << " rows already written)\n";
      }
      const std::size_t chunk_bytes =
          static_cast<std::size_t>(config.memory_ceiling_mb * 1e6 / static_cast<double>(config.queue_depth + 2));
      ChunkReader reader(data, s.input_offset, s.input_line, cols.count, config.chunk_rows, std::max<std::size_t>(chunk_bytes, 1),
                         config.queue_depth);
      char label[96];
      std::snprintf(label, sizeof label, "[%d/%d] %s", index, count, input.filename().c_str());
      progress.start(label, data.size());
      std::uint64_t rows_now = 0;
      std::string buffer;
      for (;;) {
        std::optional<Chunk> c;
        try {
          c = reader.pop();
        } catch (const address::CsvError& e) {
          progress.finish();
          throw crucible::InputError(input.string() + ":" + std::to_string(e.line) + ": " +
                                     std::string(e.what()).substr(std::string(e.what()).find(": ") + 2) + " (fix the file and run again)");
        }
        if (!c) break;
        buffer.clear();
        process_chunk(*c, cols, data, buffer, s.counts);
        out.append_durably(buffer);
        s.output_bytes += buffer.size();
        s.input_offset = c->end;
        s.input_line = c->end_line;
        rows_now += c->records();
        s.counts.seconds = seconds_before + std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        crucible::write_file_atomically(state_path, s.to_json().dump(2) + "\n");
        progress.update(c->end, rows_now, reader.queued(), config.queue_depth);
      }
      progress.finish();
      out.close();
      if (::rename(partial.c_str(), final_path.c_str()) != 0)
        throw crucible::ResourceError(final_path.string() + ": cannot rename the finished output into place: " + std::strerror(errno));
    }
    s.counts.seconds = seconds_before + std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    write_metadata(input, s);
    s.status = "completed";
    crucible::write_file_atomically(state_path, s.to_json().dump(2) + "\n");
    outcome.kind = resumed ? FileOutcome::Kind::resumed : FileOutcome::Kind::parsed;
    outcome.output = final_path.string();
    outcome.rows = s.counts.rows;
    outcome.parsed = s.counts.parsed;
    outcome.rows_this_run = s.counts.rows - rows_before;
    outcome.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return outcome;
  }
};

ParseJob::ParseJob(const ParseConfig& config, fs::path out_dir, address::CudaParser* gpu, std::ostream& log)
    : impl_(std::make_unique<Impl>(config, std::move(out_dir), gpu, log)) {}
ParseJob::~ParseJob() = default;

FileOutcome ParseJob::run(const fs::path& input, int file_index, int file_count) {
  try {
    return impl_->run(input, file_index, file_count);
  } catch (const crucible::InputError& e) {
    FileOutcome o;
    o.kind = FileOutcome::Kind::failed;
    o.error = e.what();
    return o;
  }
}

}  // namespace address_cli
