#include "history/history_store.hpp"

#include <fnmatch.h>
#include <sqlite3.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>

#include "compare/fingerprint.hpp"
#include "compare/results_comparison.hpp"
#include "compare/statistics.hpp"

namespace crucible {

namespace {

const char* const kSchema = R"sql(
CREATE TABLE IF NOT EXISTS runs (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  suite TEXT NOT NULL, started TEXT NOT NULL, git_commit TEXT NOT NULL, build_flags TEXT NOT NULL,
  fingerprint TEXT NOT NULL, host TEXT NOT NULL, exit_code INTEGER NOT NULL, results_path TEXT NOT NULL,
  context TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS benchmarks (
  run_id INTEGER NOT NULL REFERENCES runs(id),
  suite TEXT NOT NULL, benchmark TEXT NOT NULL, case_name TEXT NOT NULL, params TEXT NOT NULL,
  fingerprint TEXT NOT NULL, git_commit TEXT NOT NULL, build_flags TEXT NOT NULL,
  median_ns REAL NOT NULL, samples_ns TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS benchmarks_key ON benchmarks(suite, benchmark, fingerprint);
CREATE TABLE IF NOT EXISTS case_seconds (
  run_id INTEGER NOT NULL REFERENCES runs(id),
  suite TEXT NOT NULL, case_name TEXT NOT NULL, seconds REAL NOT NULL);
CREATE INDEX IF NOT EXISTS case_seconds_key ON case_seconds(suite, case_name);
)sql";

std::string run_shell(const char* command) {
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(::popen(command, "r"), ::pclose);
  if (!pipe) return "";
  std::string out;
  std::array<char, 256> buffer{};
  while (std::fgets(buffer.data(), buffer.size(), pipe.get())) out += buffer.data();
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
  return out;
}

class Statement {
 public:
  Statement(sqlite3* db, const char* sql) : db_(db) {
    if (sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr) != SQLITE_OK) {
      throw HistoryError(std::string("history store: ") + sqlite3_errmsg(db));
    }
  }
  ~Statement() { sqlite3_finalize(stmt_); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  void bind(int i, const std::string& v) { sqlite3_bind_text(stmt_, i, v.c_str(), -1, SQLITE_TRANSIENT); }
  void bind(int i, std::int64_t v) { sqlite3_bind_int64(stmt_, i, v); }
  void bind(int i, double v) { sqlite3_bind_double(stmt_, i, v); }
  bool step() {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    throw HistoryError(std::string("history store: ") + sqlite3_errmsg(db_));
  }
  std::string text(int i) const {
    const auto* p = sqlite3_column_text(stmt_, i);
    return p ? reinterpret_cast<const char*>(p) : "";
  }
  std::int64_t integer(int i) const { return sqlite3_column_int64(stmt_, i); }
  double real(int i) const { return sqlite3_column_double(stmt_, i); }

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
};

void exec(sqlite3* db, const char* sql) {
  char* error = nullptr;
  if (sqlite3_exec(db, sql, nullptr, nullptr, &error) != SQLITE_OK) {
    std::string message = error ? error : "unknown error";
    sqlite3_free(error);
    throw HistoryError("history store: " + message);
  }
}

HistoryRun read_run(const Statement& s) {
  HistoryRun r;
  r.id = s.integer(0);
  r.suite = s.text(1);
  r.started = s.text(2);
  r.git_commit = s.text(3);
  r.build_flags = s.text(4);
  r.fingerprint = s.text(5);
  r.host = s.text(6);
  r.exit_code = static_cast<int>(s.integer(7));
  r.results_path = s.text(8);
  r.benchmarks = static_cast<int>(s.integer(9));
  return r;
}

const char* const kRunColumns =
    "SELECT r.id, r.suite, r.started, r.git_commit, r.build_flags, r.fingerprint, r.host, r.exit_code, "
    "r.results_path, (SELECT COUNT(*) FROM benchmarks b WHERE b.run_id = r.id) FROM runs r ";

std::vector<double> parse_samples(const std::string& text) {
  try {
    return nlohmann::json::parse(text).get<std::vector<double>>();
  } catch (const std::exception&) {
    return {};
  }
}

}  // namespace

std::filesystem::path default_history_path() {
  const char* env = std::getenv("CRUCIBLE_HISTORY");
  if (env && *env && std::string(env) != "off") return env;
  return std::filesystem::path(".crucible") / "history.sqlite";
}

bool history_disabled() {
  const char* env = std::getenv("CRUCIBLE_HISTORY");
  return env && (std::string(env).empty() || std::string(env) == "off");
}

std::string current_git_commit() {
  if (const char* env = std::getenv("CRUCIBLE_GIT_COMMIT"); env && *env) return env;
  std::string commit = run_shell("git rev-parse --short=12 HEAD 2>/dev/null");
  if (commit.empty()) return "unknown";
  if (!run_shell("git status --porcelain --untracked-files=no 2>/dev/null | head -1").empty()) commit += "+dirty";
  return commit;
}

std::string current_build_flags() {
#ifdef CRUCIBLE_BUILD_FLAGS
  return CRUCIBLE_BUILD_FLAGS;
#else
  return "unknown";
#endif
}

HistoryStore::HistoryStore(const std::filesystem::path& path) : path_(path) {
  if (path.has_parent_path()) {
    std::error_code ec;
    std::filesystem::create_directories(path.parent_path(), ec);
  }
  if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) != SQLITE_OK) {
    const std::string message = db_ ? sqlite3_errmsg(db_) : "out of memory";
    sqlite3_close(db_);
    db_ = nullptr;
    throw HistoryError("cannot open history store " + path.string() + ": " + message);
  }
  sqlite3_busy_timeout(db_, 10000);
  try {
    exec(db_, kSchema);
  } catch (const HistoryError& e) {
    sqlite3_close(db_);
    db_ = nullptr;
    throw HistoryError(std::string(e.what()) + " (" + path.string() + "; is it an SQLite file?)");
  }
}

HistoryStore::~HistoryStore() { sqlite3_close(db_); }

std::int64_t HistoryStore::append(const nlohmann::json& results, const std::string& git_commit,
                                  const std::string& build_flags, const std::string& results_path) {
  const std::string suite = results.value("suite", nlohmann::json::object()).value("name", "");
  const std::string fingerprint = hardware_fingerprint(results);
  const auto context = results.value("context", nlohmann::json::object());
  exec(db_, "BEGIN IMMEDIATE");
  try {
    Statement insert_run(db_,
                         "INSERT INTO runs (suite, started, git_commit, build_flags, fingerprint, host, exit_code, "
                         "results_path, context) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    insert_run.bind(1, suite);
    insert_run.bind(2, results.value("started", context.value("date", "")));
    insert_run.bind(3, git_commit);
    insert_run.bind(4, build_flags);
    insert_run.bind(5, fingerprint);
    insert_run.bind(6, context.value("host_name", ""));
    insert_run.bind(7, static_cast<std::int64_t>(results.value("summary", nlohmann::json::object()).value("exit_code", 0)));
    insert_run.bind(8, results_path);
    insert_run.bind(9, context.dump());
    insert_run.step();
    const std::int64_t run_id = sqlite3_last_insert_rowid(db_);
    // Each case's own fingerprint where it has one (a merged run's shards may have run on
    // different machines), else the run's.
    std::map<std::string, std::string> case_fingerprint;
    for (const auto& c : results.value("cases", nlohmann::json::array())) {
      if (!c.is_object() || !c.contains("name") || !c["name"].is_string()) continue;
      if (c.contains("fingerprint") && c["fingerprint"].is_string()) case_fingerprint[c["name"]] = c["fingerprint"];
      if (c.contains("seconds") && c["seconds"].is_number() && !c.value("missing", false)) {
        Statement duration(db_, "INSERT INTO case_seconds (run_id, suite, case_name, seconds) VALUES (?, ?, ?, ?)");
        duration.bind(1, run_id);
        duration.bind(2, suite);
        duration.bind(3, c["name"].get<std::string>());
        duration.bind(4, c["seconds"].get<double>());
        duration.step();
      }
    }
    for (const auto& s : benchmark_samples(results)) {
      if (s.real_ns.empty()) continue;
      Statement one(db_,
                    "INSERT INTO benchmarks (run_id, suite, benchmark, case_name, params, fingerprint, "
                    "git_commit, build_flags, median_ns, samples_ns) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
      one.bind(1, run_id);
      one.bind(2, suite);
      one.bind(3, s.name);
      one.bind(4, s.case_name);
      one.bind(5, s.params.dump());
      const auto own = case_fingerprint.find(s.case_name);
      one.bind(6, own != case_fingerprint.end() ? own->second : fingerprint);
      one.bind(7, git_commit);
      one.bind(8, build_flags);
      one.bind(9, stats::median(s.real_ns));
      one.bind(10, nlohmann::json(s.real_ns).dump());
      one.step();
    }
    exec(db_, "COMMIT");
    return run_id;
  } catch (...) {
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    throw;
  }
}

std::map<std::string, double> HistoryStore::last_case_seconds(const std::string& suite) const {
  Statement s(db_, "SELECT case_name, seconds FROM case_seconds WHERE suite = ? ORDER BY run_id");
  s.bind(1, suite);
  std::map<std::string, double> out;
  while (s.step()) out[s.text(0)] = s.real(1);  // later runs overwrite earlier ones
  return out;
}

std::map<std::string, double> recorded_case_seconds(const std::string& suite) {
  if (history_disabled()) return {};
  const auto path = default_history_path();
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) return {};
  try {
    return HistoryStore(path).last_case_seconds(suite);
  } catch (const std::exception&) {
    return {};
  }
}

std::vector<HistoryRun> HistoryStore::runs(int limit) const {
  Statement s(db_, (std::string(kRunColumns) + "ORDER BY r.id DESC LIMIT ?").c_str());
  s.bind(1, static_cast<std::int64_t>(limit));
  std::vector<HistoryRun> out;
  while (s.step()) out.push_back(read_run(s));
  return out;
}

std::optional<HistoryRun> HistoryStore::run(std::int64_t id) const {
  Statement s(db_, (std::string(kRunColumns) + "WHERE r.id = ?").c_str());
  s.bind(1, id);
  if (!s.step()) return std::nullopt;
  return read_run(s);
}

std::vector<HistorySeries> HistoryStore::run_benchmarks(std::int64_t id) const {
  Statement s(db_,
              "SELECT b.suite, b.benchmark, b.case_name, b.params, b.fingerprint, r.id, r.started, b.git_commit, "
              "b.build_flags, b.median_ns, b.samples_ns FROM benchmarks b JOIN runs r ON r.id = b.run_id "
              "WHERE b.run_id = ? ORDER BY b.rowid");
  s.bind(1, id);
  std::vector<HistorySeries> out;
  while (s.step()) {
    HistorySeries series{s.text(0), s.text(1), s.text(2), s.text(3), s.text(4), {}};
    series.points.push_back({s.integer(5), s.text(6), s.text(7), s.text(8), s.real(9), parse_samples(s.text(10))});
    out.push_back(std::move(series));
  }
  return out;
}

std::vector<HistorySeries> HistoryStore::series(const std::string& glob, const std::string& since) const {
  Statement s(db_,
              "SELECT b.suite, b.benchmark, b.case_name, b.params, b.fingerprint, r.id, r.started, b.git_commit, "
              "b.build_flags, b.median_ns, b.samples_ns FROM benchmarks b JOIN runs r ON r.id = b.run_id "
              "WHERE r.started >= ? ORDER BY b.suite, b.benchmark, b.fingerprint, r.id");
  s.bind(1, since);
  std::vector<HistorySeries> out;
  std::map<std::string, std::size_t> index;
  while (s.step()) {
    const std::string benchmark = s.text(1);
    if (::fnmatch(glob.c_str(), benchmark.c_str(), 0) != 0) continue;
    const std::string key = s.text(0) + "\n" + benchmark + "\n" + s.text(4);
    auto [it, inserted] = index.emplace(key, out.size());
    if (inserted) out.push_back(HistorySeries{s.text(0), benchmark, s.text(2), s.text(3), s.text(4), {}});
    out[it->second].points.push_back(
        {s.integer(5), s.text(6), s.text(7), s.text(8), s.real(9), parse_samples(s.text(10))});
  }
  return out;
}

std::string record_run_history(const nlohmann::json& results, const std::filesystem::path& results_file) {
  if (history_disabled()) return "";
  const auto path = default_history_path();
  try {
    HistoryStore store(path);
    const auto id = store.append(results, current_git_commit(), current_build_flags(),
                                 std::filesystem::absolute(results_file).string());
    return "history: run " + std::to_string(id) + " in " + path.string();
  } catch (const std::exception& e) {
    return std::string("warning: run not recorded in history: ") + e.what();
  }
}

}  // namespace crucible
