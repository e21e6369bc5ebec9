#include "suite/suite_parser.hpp"

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cmath>
#include <cstdio>
#include <cctype>
#include <cstring>
#include <filesystem>
#include <memory>
#include <utility>
#include <vector>

#include <toml++/toml.h>

#include "suite/axis_values.hpp"
#include "suite/toml_detail.hpp"
#include "suite/value_checks.hpp"

namespace crucible {
namespace {

using suite_detail::check_keys;
using suite_detail::fail;
using suite_detail::format_number;
using suite_detail::location_of;
using suite_detail::type_name;

// Typed accessors. `what` names the setting in messages, e.g. "[props] cases".

bool read_bool(const toml::node& node, const std::string& what) {
  if (auto* b = node.as_boolean()) return b->get();
  fail(node, what + " must be true or false, got " + type_name(node));
}

std::string read_string(const toml::node& node, const std::string& what) {
  if (auto* s = node.as_string()) return s->get();
  fail(node, what + " must be a string, got " + type_name(node));
}

std::int64_t read_int64(const toml::node& node, const std::string& what) {
  if (auto* i = node.as_integer()) return i->get();
  fail(node, what + " must be an integer, got " + type_name(node));
}

// An int with value >= min (and fitting in int). `hint` is appended to the range error.
int read_int(const toml::node& node, const std::string& what, int min, std::string_view hint = {}) {
  const std::int64_t v = read_int64(node, what);
  if (const std::string why = integer_range_problem(v, min, INT_MAX, hint); !why.empty()) fail(node, what + " " + why);
  return static_cast<int>(v);
}

double read_number(const toml::node& node, const std::string& what) {
  double v = 0;
  if (auto* i = node.as_integer())
    v = static_cast<double>(i->get());
  else if (auto* f = node.as_floating_point())
    v = f->get();
  else
    fail(node, what + " must be a number, got " + type_name(node));
  if (!std::isfinite(v)) fail(node, what + " must be a finite number, got " + format_number(v));
  return v;
}

double read_positive(const toml::node& node, const std::string& what, std::string_view unit) {
  const double v = read_number(node, what);
  if (const std::string why = positive_finite_problem(v, unit); !why.empty()) fail(node, what + " " + why);
  return v;
}

const toml::table& read_table(const toml::node& node, const std::string& what) {
  if (auto* t = node.as_table()) return *t;
  fail(node, what + " must be a table, got " + type_name(node));
}

std::string read_nonempty_string(const toml::node& node, const std::string& what, std::string_view hint) {
  std::string s = read_string(node, what);
  if (s.empty()) fail(node, what + " must not be empty" + std::string(hint));
  return s;
}

void parse_suite_table(const toml::table& t, SuiteSpec& spec) {
  check_keys(t, {"name", "description", "seed", "timeout", "memory_limit"}, "in [suite]");
  if (auto* n = t.get("name"))
    spec.name = read_nonempty_string(*n, "[suite] name", "; leave it out to use the file name");
  if (auto* n = t.get("description")) spec.description = read_string(*n, "[suite] description");
  if (auto* n = t.get("seed")) {
    const std::int64_t seed = read_int64(*n, "[suite] seed");
    if (const std::string why = integer_range_problem(seed, 0, INT64_MAX, kSeedHint); !why.empty()) {
      fail(*n, "[suite] seed " + why);
    }
    spec.seed = static_cast<std::uint64_t>(seed);
  }
  if (auto* n = t.get("timeout")) spec.timeout_s = read_positive(*n, "[suite] timeout", " seconds");
  if (auto* n = t.get("memory_limit")) {
    const double gb = read_number(*n, "[suite] memory_limit");
    if (const std::string why = non_negative_finite_problem(gb, " GB (0 = no limit)"); !why.empty()) {
      fail(*n, "[suite] memory_limit " + why);
    }
    spec.memory_limit_gb = gb;
  }
}

void parse_props(const toml::table& t, PropsSettings& props) {
  check_keys(t, {"enabled", "cases", "max_size"}, "in [props]");
  if (auto* n = t.get("enabled")) props.enabled = read_bool(*n, "[props] enabled");
  if (auto* n = t.get("cases")) props.cases = read_int(*n, "[props] cases", 1);
  if (auto* n = t.get("max_size")) props.max_size = read_int(*n, "[props] max_size", 1);
}

void parse_determinism(const toml::table& t, DeterminismSettings& det) {
  check_keys(t, {"enabled", "repeats", "threads"}, "in [determinism]");
  if (auto* n = t.get("enabled")) det.enabled = read_bool(*n, "[determinism] enabled");
  if (auto* n = t.get("repeats"))
    det.repeats = read_int(*n, "[determinism] repeats", 2, " (determinism compares at least two runs)");
  if (auto* n = t.get("threads")) {
    const toml::array* arr = n->as_array();
    if (!arr) fail(*n, "[determinism] threads must be a list of integers, got " + type_name(*n));
    if (arr->empty())
      fail(*n, "[determinism] threads must not be empty; list thread counts such as [1, 2, 0] "
               "(0 = all cores), or set enabled = false");
    det.threads.clear();
    for (const toml::node& v : *arr) {
      if (!v.is_integer())
        fail(v, "[determinism] threads entries must be integers, got " + type_name(v));
      det.threads.push_back(read_int(v, "[determinism] threads entries", 0, " (0 = all cores)"));
    }
  }
}

// A number strictly between 0 and 1; `meaning` says what it is when it is not.
double read_fraction(const toml::node& n, const std::string& what, std::string_view meaning) {
  const double v = read_number(n, what);
  if (const std::string why = fraction_problem(v, meaning); !why.empty()) fail(n, what + " " + why);
  return v;
}

std::string read_timing(const toml::node& n, const std::string& what) {
  std::string timing = read_string(n, what);
  if (timing != "cold" && timing != "hot" && timing != "graph")
    fail(n, what + " must be one of cold, hot, graph, got '" + timing +
                "' (cold: L2 flushed before each sample; hot: back to back; graph: CUDA graph replay)");
  return timing;
}

void parse_bench(const toml::table& t, BenchSettings& bench) {
  check_keys(t, {"enabled", "repetitions", "min_time", "warmup", "min_effect", "timing", "noise_target", "time_budget"},
             "in [bench]");
  if (auto* n = t.get("enabled")) bench.enabled = read_bool(*n, "[bench] enabled");
  if (auto* n = t.get("repetitions")) bench.repetitions = read_int(*n, "[bench] repetitions", 1);
  if (auto* n = t.get("min_time")) bench.min_time_s = read_positive(*n, "[bench] min_time", " seconds");
  if (auto* n = t.get("warmup")) bench.warmup = read_int(*n, "[bench] warmup", 0);
  if (auto* n = t.get("min_effect"))
    bench.min_effect = read_fraction(*n, "[bench] min_effect", kMinEffectMeaning);
  if (auto* n = t.get("timing")) bench.timing = read_timing(*n, "[bench] timing");
  if (auto* n = t.get("noise_target"))
    bench.noise_target = read_fraction(*n, "[bench] noise_target",
                                       "it is the relative standard deviation at which GPU sampling stops, e.g. "
                                       "0.005 for 0.5%");
  if (auto* n = t.get("time_budget")) bench.time_budget_s = read_positive(*n, "[bench] time_budget", " seconds");
}

Selection parse_selection(const toml::table& t) {
  Selection sel;
  sel.where = location_of(t);
  check_keys(t, {"plugin", "workload", "variants", "axes", "timing"}, "in [[select]]");
  if (auto* n = t.get("timing")) sel.timing = read_timing(*n, "[[select]] timing");
  if (auto* n = t.get("plugin"))
    sel.plugin = read_nonempty_string(*n, "[[select]] plugin", "; use \"*\" to select every plugin");
  if (auto* n = t.get("workload"))
    sel.workload = read_nonempty_string(*n, "[[select]] workload", "; use \"*\" to select every workload");
  if (auto* n = t.get("variants")) {
    const toml::array* arr = n->as_array();
    if (!arr) fail(*n, "[[select]] variants must be a list of strings, got " + type_name(*n));
    for (const toml::node& v : *arr) {
      if (!v.is_string()) fail(v, "[[select]] variants entries must be strings, got " + type_name(v));
      sel.variants.push_back(read_nonempty_string(v, "[[select]] variants entries",
                                                  "; leave variants out (or []) to select every variant"));
    }
  }
  if (auto* n = t.get("axes")) {
    const toml::table& axes = read_table(*n, "[[select]] axes");
    // toml::table iterates in key order; keep the order the axes are written in.
    std::vector<std::pair<const toml::key*, const toml::node*>> entries;
    for (auto&& [key, value] : axes) entries.emplace_back(&key, &value);
    auto pos = [](const std::pair<const toml::key*, const toml::node*>& e) {
      const auto& b = e.first->source().begin;
      return std::pair(b.line, b.column);
    };
    std::stable_sort(entries.begin(), entries.end(),
                     [&](const auto& a, const auto& b) { return pos(a) < pos(b); });
    for (auto [key, value] : entries) {
      Axis axis;
      axis.name = std::string(key->str());
      axis.where = location_of(key->source());
      if (axis.where.line == 0) axis.where = location_of(*value);
      if (axis.name.empty()) throw SuiteError(axis.where, "[select.axes] axis names must not be empty");
      axis.values = expand_axis(*value, axis.name);
      sel.axes.push_back(std::move(axis));
    }
  }
  return sel;
}

PeerSpec parse_peer(const toml::table& t, const std::string& suite_path) {
  PeerSpec peer;
  peer.where = location_of(t);
  check_keys(t, {"name", "plugin", "workload", "command", "reference", "equal", "threads"}, "in [[peer]]");
  auto required = [&](const char* key) -> const toml::node& {
    const toml::node* n = t.get(key);
    if (!n) throw SuiteError(peer.where, std::string("[[peer]] needs ") + key);
    return *n;
  };
  peer.name = read_nonempty_string(required("name"), "[[peer]] name", "");
  for (const char c : peer.name) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '-' && c != '.')
      fail(required("name"), "[[peer]] name '" + peer.name + "' may hold only letters, digits, '-', '_' and '.'");
  }
  peer.plugin = read_nonempty_string(required("plugin"), "[[peer]] plugin", "");
  peer.workload = read_nonempty_string(required("workload"), "[[peer]] workload", "");
  const toml::node& command = required("command");
  const toml::array* argv = command.as_array();
  if (!argv)
    fail(command, "[[peer]] command must be a list of strings (the program and its arguments), got " +
                      type_name(command));
  if (argv->empty()) fail(command, "[[peer]] command must not be empty: give the program and its arguments");
  for (const toml::node& a : *argv) peer.command.push_back(read_string(a, "[[peer]] command entries"));
  if (peer.command[0].empty()) fail(command, "[[peer]] command's program must not be empty");
  // A program written as a path (it holds a '/') is the suite's: found from the suite's folder.
  if (peer.command[0].find('/') != std::string::npos && std::filesystem::path(peer.command[0]).is_relative())
    peer.command[0] = (std::filesystem::path(suite_path).parent_path() / peer.command[0]).lexically_normal().string();
  if (auto* n = t.get("reference")) peer.reference = read_nonempty_string(*n, "[[peer]] reference", "");
  if (auto* n = t.get("threads")) peer.threads = read_int(*n, "[[peer]] threads", 0, " (0 = all cores)");
  if (auto* n = t.get("equal")) {
    if (n->is_string()) {
      peer.metric = read_string(*n, "[[peer]] equal");
      if (peer.metric != "bitwise")
        fail(*n, "[[peer]] equal must be \"bitwise\" or a table { metric = \"rel_l2\", tolerance = 1e-5 }, got '" +
                     peer.metric + "'");
    } else {
      const toml::table& eq = read_table(*n, "[[peer]] equal");
      check_keys(eq, {"metric", "tolerance", "element"}, "in [[peer]] equal");
      if (auto* m = eq.get("metric")) peer.metric = read_string(*m, "[[peer]] equal metric");
      if (peer.metric != "bitwise" && peer.metric != "max_abs" && peer.metric != "rel_l2" && peer.metric != "nmse")
        fail(eq.get("metric") ? *eq.get("metric") : *n,
             "[[peer]] equal metric must be one of bitwise, max_abs, rel_l2, nmse, got '" + peer.metric + "'");
      if (auto* v = eq.get("tolerance")) {
        peer.tolerance = read_number(*v, "[[peer]] equal tolerance");
        if (const std::string why = non_negative_finite_problem(peer.tolerance, ""); !why.empty())
          fail(*v, "[[peer]] equal tolerance " + why);
      }
      if (auto* e = eq.get("element")) {
        peer.element = read_string(*e, "[[peer]] equal element");
        if (peer.element != "f32" && peer.element != "f64")
          fail(*e, "[[peer]] equal element must be f32 or f64, got '" + peer.element + "'");
      }
    }
  }
  return peer;
}

GbenchSpec parse_gbench(const toml::table& t, const std::string& suite_path) {
  GbenchSpec gbench;
  gbench.where = location_of(t);
  check_keys(t, {"binary", "filter", "name"}, "in [[gbench]]");
  const toml::node* binary = t.get("binary");
  if (!binary) throw SuiteError(gbench.where, "[[gbench]] needs binary (the Google Benchmark executable's path)");
  gbench.binary = read_nonempty_string(*binary, "[[gbench]] binary", "");
  // Relative to the suite's folder, so that a suite runs the same from any working directory.
  if (std::filesystem::path(gbench.binary).is_relative())
    gbench.binary = (std::filesystem::path(suite_path).parent_path() / gbench.binary).lexically_normal().string();
  if (auto* n = t.get("filter")) gbench.filter = read_string(*n, "[[gbench]] filter");
  gbench.name = std::filesystem::path(gbench.binary).filename().string();
  if (auto* n = t.get("name")) {
    gbench.name = read_nonempty_string(*n, "[[gbench]] name", "; leave it out to use the binary's file name");
    for (const char c : gbench.name) {
      if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '-' && c != '.')
        fail(*n, "[[gbench]] name '" + gbench.name + "' may hold only letters, digits, '-', '_' and '.'");
    }
  }
  return gbench;
}

constexpr const char* kNoSelect =
    "suite selects nothing: add a [[select]] table (plugin = \"*\" selects every plugin) or a [[gbench]] table";

}  // namespace

SuiteSpec parse_suite(std::string_view text, const std::string& path) {
  toml::table root;
  try {
    root = toml::parse(text, std::string_view(path));
  } catch (const toml::parse_error& e) {
    SourceLocation loc = location_of(e.source());
    if (loc.path.empty()) loc.path = path;
    throw SuiteError(std::move(loc), "invalid TOML: " + std::string(e.description()));
  }

  SuiteSpec spec;
  spec.path = path;
  spec.name = std::filesystem::path(path).stem().string();

  check_keys(root, {"suite", "props", "determinism", "bench", "select", "peer", "gbench"}, "at top level");
  if (auto* n = root.get("suite")) parse_suite_table(read_table(*n, "suite"), spec);
  if (auto* n = root.get("props")) parse_props(read_table(*n, "props"), spec.props);
  if (auto* n = root.get("determinism")) parse_determinism(read_table(*n, "determinism"), spec.determinism);
  if (auto* n = root.get("bench")) parse_bench(read_table(*n, "bench"), spec.bench);

  if (const toml::node* list = root.get("gbench")) {
    const toml::array* tables = list->as_array();
    if (!tables)
      fail(*list, "gbench must be an array of tables: write [[gbench]] (two brackets), got " + type_name(*list));
    for (const toml::node& g : *tables) {
      const toml::table* t = g.as_table();
      if (!t) fail(g, "gbench must be an array of tables: write [[gbench]] (two brackets), got a list of " + type_name(g));
      spec.gbench.push_back(parse_gbench(*t, path));
    }
  }
  // A suite of Google Benchmark binaries only needs no [[select]]; a [[peer]] still does.
  const toml::node* select = root.get("select");
  if (!select && spec.gbench.empty()) throw SuiteError(SourceLocation{path, 1, 1}, kNoSelect);
  const toml::array* selects = select ? select->as_array() : nullptr;
  if (select && !selects)
    fail(*select, "select must be an array of tables: write [[select]] (two brackets), got " +
                      type_name(*select));
  if (selects && selects->empty() && spec.gbench.empty()) fail(*select, kNoSelect);
  if (selects) for (const toml::node& s : *selects) {
    const toml::table* t = s.as_table();
    if (!t) fail(s, "select must be an array of tables: write [[select]] (two brackets), got a list of " +
                        type_name(s));
    spec.selections.push_back(parse_selection(*t));
  }
  if (const toml::node* peers = root.get("peer")) {
    const toml::array* list = peers->as_array();
    if (!list) fail(*peers, "peer must be an array of tables: write [[peer]] (two brackets), got " + type_name(*peers));
    for (const toml::node& p : *list) {
      const toml::table* t = p.as_table();
      if (!t) fail(p, "peer must be an array of tables: write [[peer]] (two brackets), got a list of " + type_name(p));
      spec.peers.push_back(parse_peer(*t, path));
      for (std::size_t i = 0; i + 1 < spec.peers.size(); ++i) {
        const auto& other = spec.peers[i];
        if (other.plugin == spec.peers.back().plugin && other.workload == spec.peers.back().workload &&
            other.name == spec.peers.back().name)
          throw SuiteError(spec.peers.back().where, "a peer named '" + other.name + "' for " + other.plugin + "/" +
                                                        other.workload + " is already declared at " + other.where.str());
      }
    }
  }
  return spec;
}

SuiteSpec load_suite(const std::string& path) {
  auto fail_read = [&](int err) {
    throw SuiteError(SourceLocation{path, 0, 0}, std::string("cannot read suite file: ") + std::strerror(err));
  };
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!file) fail_read(errno);
  std::string text;
  char buf[65536];
  errno = 0;
  for (;;) {
    const std::size_t got = std::fread(buf, 1, sizeof buf, file.get());
    text.append(buf, got);
    if (got < sizeof buf) {
      if (std::ferror(file.get())) fail_read(errno ? errno : EIO);
      break;
    }
  }
  return parse_suite(text, path);
}

}  // namespace crucible
