#include <stdlib.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <random>

#include <crucible/exit_codes.hpp>

#include "cli/ab_rounds.hpp"
#include "cli/commands.hpp"
#include "cli/output_file.hpp"
#include "cli/gate_options.hpp"
#include "cli/plugin_options.hpp"
#include "loader/plugin_catalog.hpp"
#include "results/atomic_file.hpp"

namespace crucible {

const char* const kCalibrateHelp = R"(usage: crucible calibrate [options]

Shows, rather than claims, how often the A/B gate is wrong on this machine: runs A/A
comparisons (the same build against itself) and A/B comparisons with a known slowdown
injected (the tunable_delay fixture plugin, `slowdown` parameter), each as `crucible ab` runs
them (ABBA rounds, one repetition per launch), and reports the false-alarm rate (A/A
comparisons called slower or faster) and the detection rate (A/B comparisons called slower).

options:
  --plugins PATH     where the tunable_delay fixture is (build/harness/tests/fixtures/calibration)
  --comparisons N    A/A comparisons and as many A/B comparisons (default 100)
  --rounds N         ABBA rounds per comparison (default 10)
  --slowdown X       injected slowdown of B in the A/B comparisons (default 0.10 = 10 %)
  --delay-us N       work per run of the fixture, in microseconds (default 200)
  --min-time S       Google Benchmark min_time per launch (default 0.01)
  --metric real|cpu  as for crucible ab (default real)
  --min-effect X, --alpha X   the gate's policy (defaults 0.05 and 0.01)
  --synthetic        no plugin: simulated rounds with log-normal noise (--noise, default 0.03)
                     and a slow drift, to calibrate the statistics alone in seconds
  --max-false-alarms X, --min-detection X   targets (defaults 0.01 and 0.90)
  --json FILE        write the measured rates as JSON

exit codes: 0 targets met, 5 targets missed (the gate cannot be trusted here), 2 bad usage,
            3 the fixture failed to run
)";

namespace {

double number_option(const CommandLine& cl, const std::string& name, double fallback, double lo, double hi) {
  auto v = cl.option(name);
  if (!v) return fallback;
  char* end = nullptr;
  const double x = std::strtod(v->c_str(), &end);
  if (end == v->c_str() || *end != '\0' || !(x >= lo && x <= hi)) {
    throw UsageError(name + " must be a number from " + std::to_string(lo) + " to " + std::to_string(hi) + ", got '" + *v + "'");
  }
  return x;
}

struct Tally {
  int slower = 0, faster = 0, same = 0, inconclusive = 0, total = 0;
  void add(Verdict v) {
    ++total;
    if (v == Verdict::slower) ++slower;
    else if (v == Verdict::faster) ++faster;
    else if (v == Verdict::same) ++same;
    else ++inconclusive;
  }
  nlohmann::json to_json() const {
    return {{"slower", slower}, {"faster", faster}, {"same", same}, {"inconclusive", inconclusive}, {"total", total}};
  }
};

// Upper end of a one-sided 95 % Clopper-Pearson interval for k successes in n (bisection).
double upper_bound_95(int k, int n) {
  if (n == 0 || k >= n) return 1.0;
  auto cdf = [&](double p) {  // P(X <= k)
    double sum = 0, term = std::pow(1 - p, n);
    for (int i = 0; i <= k; ++i) {
      sum += term;
      term *= (static_cast<double>(n - i) / (i + 1)) * (p / (1 - p));
    }
    return sum;
  };
  double lo = static_cast<double>(k) / n, hi = 1.0;
  for (int it = 0; it < 60; ++it) {
    const double mid = (lo + hi) / 2;
    (cdf(mid) > 0.05 ? lo : hi) = mid;
  }
  return hi;
}

}  // namespace

int calibrate_command(const std::vector<std::string>& args) {
  const CommandLine cl(args, {"--help", "--synthetic"},
                       {"--plugins", "--metric", "--comparisons", "--rounds", "--slowdown", "--delay-us", "--min-time", "--min-effect",
                        "--alpha", "--noise", "--max-false-alarms", "--min-detection", "--json", "--seed"});
  if (cl.flag("--help")) {
    std::cout << kCalibrateHelp;
    return exit_code::ok;
  }
  if (!cl.positionals().empty()) throw UsageError("calibrate takes no positional arguments (see crucible calibrate --help)");
  if (auto f = cl.option("--json")) check_output_file("--json", *f);
  const int comparisons = static_cast<int>(number_option(cl, "--comparisons", 100, 1, 100000));
  const int rounds = static_cast<int>(number_option(cl, "--rounds", 10, 2, 10000));
  const double slowdown = number_option(cl, "--slowdown", 0.10, 0.0, 10.0);
  const double max_false = number_option(cl, "--max-false-alarms", 0.01, 0.0, 1.0);
  const double min_detect = number_option(cl, "--min-detection", 0.90, 0.0, 1.0);
  const GatePolicy policy = gate_policy(cl, 0.05);
  Tally aa, ab;
  nlohmann::json report = {{"mode", cl.flag("--synthetic") ? "synthetic" : "fixture"},
                           {"comparisons", comparisons},
                           {"rounds", rounds},
                           {"slowdown", slowdown},
                           {"min_effect", policy.verdict.min_effect},
                           {"alpha", policy.verdict.alpha}};

  if (cl.flag("--synthetic")) {
    const double noise = number_option(cl, "--noise", 0.03, 0.0, 1.0);
    report["noise"] = noise;
    std::mt19937_64 rng(static_cast<std::uint64_t>(number_option(cl, "--seed", 7, 0, 1e18)));
    std::normal_distribution<double> z(0.0, 1.0);
    for (int c = 0; c < 2 * comparisons; ++c) {
      const bool injected = c >= comparisons;
      std::vector<double> a, b;
      double drift = 0;
      for (int r = 0; r < rounds; ++r) {
        drift += 0.01 * z(rng);  // a slow random walk of the machine's speed: ABBA cancels it
        a.push_back(100.0 * std::exp(drift + noise * z(rng)));
        b.push_back(100.0 * (injected ? 1.0 + slowdown : 1.0) * std::exp(drift + noise * z(rng)));
      }
      VerdictPolicy p = policy.verdict;
      p.seed = static_cast<std::uint64_t>(c) + 1;
      (injected ? ab : aa).add(compare_rounds(a, b, p).verdict);
    }
  } else {
    const double delay_us = number_option(cl, "--delay-us", 200, 1, 1e7);
    const double min_time = number_option(cl, "--min-time", 0.01, 0.0, 10.0);
    report["delay_us"] = delay_us;
    report["min_time"] = min_time;
    report["metric"] = metric_field(cl);
    WorkerLauncher launcher("calibrate");
    const auto plugins = catalog_plugins(find_plugin_files(plugin_search(cl)), launcher);
    const PluginEntry* fixture = nullptr;
    for (const auto& p : plugins) {
      if (p.ok() && p.name == "tunable_delay") fixture = &p;
    }
    if (!fixture) {
      throw UsageError("the tunable_delay fixture plugin was not found; pass --plugins "
                       "BUILD/harness/tests/fixtures/calibration (or use --synthetic)");
    }
    auto task = [&](double factor) {
      WorkerTask t;
      t.plugin_path = fixture->path.string();
      t.plugin = "tunable_delay";
      t.workload = "spin";
      t.variant = "chain";
      t.seed = 1;
      t.props.enabled = false;
      t.determinism.enabled = false;
      t.bench.repetitions = 1;
      t.bench.min_time_s = min_time;
      t.param_sets = {{{"delay_us", delay_us}, {"slowdown", factor}}};
      return t;
    };
    for (int c = 0; c < 2 * comparisons; ++c) {
      const bool injected = c >= comparisons;
      const AbTaskPair pair{"tunable_delay/spin/chain", task(1.0), task(injected ? 1.0 + slowdown : 1.0)};
      const auto run = run_ab_rounds(launcher, {pair}, rounds, std::chrono::seconds(60), metric_field(cl));
      if (!run.errors.empty() || run.series.empty()) {
        std::cerr << "crucible calibrate: the fixture failed: " << (run.errors.empty() ? "no samples" : run.errors.front())
                  << "\n";
        return exit_code::infrastructure;
      }
      VerdictPolicy p = policy.verdict;
      p.seed = static_cast<std::uint64_t>(c) + 1;
      const auto verdict = compare_rounds(run.series[0].a_ns, run.series[0].b_ns, p).verdict;
      (injected ? ab : aa).add(verdict);
      if ((c + 1) % 20 == 0) {
        std::cerr << "crucible calibrate: " << (c + 1) << "/" << 2 * comparisons << " comparisons\n";
      }
    }
  }

  const double false_rate = static_cast<double>(aa.slower + aa.faster) / aa.total;
  const double detect_rate = static_cast<double>(ab.slower) / ab.total;
  report["aa"] = aa.to_json();
  report["ab"] = ab.to_json();
  report["false_alarm_rate"] = false_rate;
  report["false_alarm_rate_upper95"] = upper_bound_95(aa.slower + aa.faster, aa.total);
  report["detection_rate"] = detect_rate;
  const bool met = false_rate <= max_false && detect_rate >= min_detect;
  report["targets"] = {{"max_false_alarm_rate", max_false}, {"min_detection_rate", min_detect}, {"met", met}};
  char line[256];
  std::snprintf(line, sizeof line, "A/A: %d comparisons: %d slower, %d faster, %d same, %d inconclusive\n", aa.total,
                aa.slower, aa.faster, aa.same, aa.inconclusive);
  std::cout << line;
  std::snprintf(line, sizeof line, "A/B (+%.0f%%): %d comparisons: %d slower, %d faster, %d same, %d inconclusive\n",
                slowdown * 100, ab.total, ab.slower, ab.faster, ab.same, ab.inconclusive);
  std::cout << line;
  std::snprintf(line, sizeof line,
                "false-alarm rate %.1f%% (95%% upper bound %.1f%%, target <= %.1f%%); detection rate %.1f%% "
                "(target >= %.0f%%): %s\n",
                false_rate * 100, report["false_alarm_rate_upper95"].get<double>() * 100, max_false * 100,
                detect_rate * 100, min_detect * 100, met ? "targets met" : "TARGETS MISSED");
  std::cout << line;
  if (auto f = cl.option("--json")) write_file_atomically(*f, report.dump(2) + "\n");
  return met ? exit_code::ok : exit_code::inconclusive;
}

}  // namespace crucible
