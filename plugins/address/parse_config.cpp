#include "parse_config.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <functional>
#include <sstream>
#include <vector>

#include <toml++/toml.h>

namespace address_cli {
namespace {

// One setting: its key (flag without "--"), range and how to store it.
struct Setting {
  const char* key;
  double min, max;
  bool integer;
  std::function<void(ParseConfig&, double)> set;
};

const std::vector<Setting>& settings() {
  static const std::vector<Setting> s = {
      {"threads", 0, 1024, true, [](ParseConfig& c, double v) { c.threads = static_cast<unsigned>(v); }},
      {"chunk_rows", 1, 10'000'000, true, [](ParseConfig& c, double v) { c.chunk_rows = static_cast<std::uint32_t>(v); }},
      {"gpu_share", 0, 1, false, [](ParseConfig& c, double v) { c.gpu_share = v; }},
      {"gpu_batch", 1, 100'000'000, true, [](ParseConfig& c, double v) { c.gpu_batch = static_cast<std::uint32_t>(v); }},
      {"queue_depth", 1, 64, true, [](ParseConfig& c, double v) { c.queue_depth = static_cast<unsigned>(v); }},
      {"memory_ceiling_mb", 16, 1'048'576, false, [](ParseConfig& c, double v) { c.memory_ceiling_mb = v; }},
      {"status_interval", 0.1, 86400, false, [](ParseConfig& c, double v) { c.status_interval_s = v; }},
  };
  return s;
}

std::string range_text(const Setting& s) {
  char b[96];
  std::snprintf(b, sizeof b, "must be %s in [%g, %g]", s.integer ? "an integer" : "a number", s.min, s.max);
  return b;
}

std::string keys_text() {
  std::string out;
  for (const auto& s : settings()) out += std::string(out.empty() ? "" : ", ") + s.key;
  return out + ", device";
}

std::string where(const std::string& path, const toml::source_region& r) {
  return path + ":" + std::to_string(r.begin.line) + ":" + std::to_string(r.begin.column);
}

void check_device(const std::string& v, const std::string& context) {
  if (v != "auto" && v != "cpu" && v != "cuda") throw ConfigError{context + "device must be auto, cpu or cuda, got '" + v + "'"};
}

}  // namespace

void load_parse_config(const std::string& path, ParseConfig& config) {
  toml::table t;
  try {
    t = toml::parse_file(path);
  } catch (const toml::parse_error& e) {
    if (e.source().begin.line == 0) throw ConfigError{path + ": cannot read: " + std::string(e.description())};
    throw ConfigError{where(path, e.source()) + ": " + std::string(e.description())};
  }
  for (const auto& [key, node] : t) {
    const std::string k(key.str());
    const std::string at = where(path, node.source()) + ": ";
    if (k == "device") {
      const auto v = node.value<std::string>();
      if (!v) throw ConfigError{at + "device must be a string"};
      check_device(*v, at);
      config.device = *v;
      continue;
    }
    const Setting* s = nullptr;
    for (const auto& x : settings())
      if (k == x.key) s = &x;
    if (!s) throw ConfigError{where(path, key.source()) + ": unknown key '" + k + "'; valid keys: " + keys_text()};
    double v = 0;
    if (const auto i = node.value_exact<std::int64_t>()) v = static_cast<double>(*i);
    else if (const auto d = node.value_exact<double>(); d && !s->integer) v = *d;
    else throw ConfigError{at + k + " " + range_text(*s)};
    if (!std::isfinite(v) || v < s->min || v > s->max) {
      char got[32];
      std::snprintf(got, sizeof got, "%g", v);
      throw ConfigError{at + k + " " + range_text(*s) + ", got " + got};
    }
    s->set(config, v);
  }
}

bool set_parse_flag(const std::string& flag, const std::string& value, ParseConfig& config) {
  if (flag == "--device") {
    check_device(value, flag + ": ");
    config.device = value;
    return true;
  }
  for (const auto& s : settings()) {
    if (flag != std::string("--") + s.key && flag != "--" + [&] {
          std::string d = s.key;
          for (char& c : d) if (c == '_') c = '-';
          return d;
        }())
      continue;
    double v = 0;
    const char* end = value.data() + value.size();
    auto [p, ec] = std::from_chars(value.data(), end, v);
    if (ec != std::errc{} || p != end || !std::isfinite(v) || v < s.min || v > s.max ||
        (s.integer && v != std::floor(v)))
      throw ConfigError{flag + " " + range_text(s) + ", got '" + value + "'"};
    s.set(config, v);
    return true;
  }
  return false;
}

}  // namespace address_cli
