#pragma once
// Params: one point of a workload's parameter space, e.g. {patterns: 1000, query_len: 30}.
#include <cstdint>
#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

namespace crucible {

class Params {
 public:
  Params() : values_(nlohmann::json::object()) {}
  explicit Params(nlohmann::json values) : values_(std::move(values)) {}

  bool has(const std::string& name) const { return values_.contains(name); }

  std::int64_t integer(const std::string& name) const {
    const auto& v = at(name);
    if (v.is_number_integer()) return v.get<std::int64_t>();
    if (v.is_number_float()) {
      const double d = v.get<double>();
      if (d == static_cast<double>(static_cast<std::int64_t>(d))) return static_cast<std::int64_t>(d);
    }
    throw std::invalid_argument("parameter '" + name + "' must be an integer, got " + v.dump());
  }
  std::int64_t integer(const std::string& name, std::int64_t fallback) const {
    return has(name) ? integer(name) : fallback;
  }
  double number(const std::string& name) const {
    const auto& v = at(name);
    if (!v.is_number()) throw std::invalid_argument("parameter '" + name + "' must be a number, got " + v.dump());
    return v.get<double>();
  }
  double number(const std::string& name, double fallback) const { return has(name) ? number(name) : fallback; }
  std::string string(const std::string& name) const {
    const auto& v = at(name);
    if (!v.is_string()) throw std::invalid_argument("parameter '" + name + "' must be a string, got " + v.dump());
    return v.get<std::string>();
  }
  std::string string(const std::string& name, const std::string& fallback) const {
    return has(name) ? string(name) : fallback;
  }

  const nlohmann::json& json() const { return values_; }

 private:
  const nlohmann::json& at(const std::string& name) const {
    auto it = values_.find(name);
    if (it == values_.end()) throw std::invalid_argument("missing parameter '" + name + "'");
    return *it;
  }
  nlohmann::json values_;
};

}  // namespace crucible
