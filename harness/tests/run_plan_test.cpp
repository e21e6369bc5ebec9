// The plan a suite resolves to, against a described plugin (no plugin is loaded): which tasks,
// with which benchmark settings.
#include <gtest/gtest.h>

#include <limits>

#include <crucible/axis_domain.hpp>

#include "plan/run_plan.hpp"
#include "suite/suite_parser.hpp"

namespace crucible {
namespace {

// A plugin as `describe` reports it: one workload, a CPU and a CUDA variant.
std::vector<PluginEntry> described_plugin() {
  PluginEntry plugin;
  plugin.path = "/nowhere/demo.so";
  plugin.name = "demo";
  plugin.description = {
      {"plugin", "demo"},
      {"workloads",
       {{{"name", "sum"},
         {"axis_order", {"n"}},
         {"axes", {{"n", {1000, 2000}}}},
         {"properties", nlohmann::json::array()},
         {"equivalences", nlohmann::json::array()},
         {"variants", {{{"name", "cpu"}, {"threads", false}}, {{"name", "cuda"}, {"threads", false}}}}}}}};
  return {plugin};
}

const BenchConfig& bench_of(const RunPlan& plan, const std::string& name) {
  for (const auto& c : plan.cases) {
    if (c.name == name) return c.task.bench;
  }
  throw std::runtime_error("no case " + name);
}

TEST(RunPlan, TimingPerSelectionOverridesTheSuitesAndStoppingRuleReachesTheTask) {
  const SuiteSpec suite = parse_suite(R"([bench]
timing = "hot"
noise_target = 0.02
time_budget = 1.5
[[select]]
plugin = "demo"
variants = ["cpu"]
[[select]]
plugin = "demo"
variants = ["cuda"]
timing = "cold"
)",
                                      "t.toml");
  const RunPlan plan = plan_run(suite, described_plugin(), RunOptions{});
  ASSERT_EQ(plan.cases.size(), 2u);
  EXPECT_EQ(bench_of(plan, "demo/sum/cpu").timing, "hot");
  const auto& cuda = bench_of(plan, "demo/sum/cuda");
  EXPECT_EQ(cuda.timing, "cold");
  EXPECT_DOUBLE_EQ(cuda.noise_target, 0.02);
  EXPECT_DOUBLE_EQ(cuda.time_budget_s, 1.5);
}

TEST(RunPlan, DefaultStoppingRuleLeavesTheBudgetToTheSampler) {
  const SuiteSpec suite = parse_suite("[[select]]\nplugin = \"demo\"\n", "t.toml");
  const RunPlan plan = plan_run(suite, described_plugin(), RunOptions{});
  const auto& cuda = bench_of(plan, "demo/sum/cuda");
  EXPECT_EQ(cuda.timing, "hot");
  EXPECT_DOUBLE_EQ(cuda.noise_target, 0.005);
  EXPECT_EQ(cuda.time_budget_s, 0);  // max(0.5 s, 10 x min_time), decided by the sampler
  EXPECT_EQ(cuda.cupti_runs, 10u);
}

// Two workloads selected by a glob, and an axis override neither has: the error lists each
// workload's axes once.
TEST(RunPlan, UnknownAxisErrorNamesEachWorkloadsAxesOnce) {
  auto plugins = described_plugin();
  auto& workloads = plugins[0].description["workloads"];
  workloads[0]["axis_order"] = {"n", "m"};
  workloads[0]["axes"]["m"] = {1};
  auto second = workloads[0];
  second["name"] = "max";
  second["axis_order"] = {"k"};
  second["axes"] = {{"k", {1}}};
  workloads.push_back(second);
  const SuiteSpec suite = parse_suite("[[select]]\nplugin = \"demo\"\n[select.axes]\nsize = [1]\n", "t.toml");
  try {
    plan_run(suite, plugins, RunOptions{});
    FAIL() << "an axis no workload has was accepted";
  } catch (const SuiteError& e) {
    EXPECT_EQ(e.message(), "no selected workload has an axis 'size'; their axes: demo/sum: n, m; demo/max: k");
  }
}

// Two axes of 10,000 values each are 10^8 benchmarks: refused at the selection, before any set
// is built, with each axis's size named.
TEST(RunPlan, TheParameterSpaceHasATotalLimit) {
  auto plugins = described_plugin();
  auto& workload = plugins[0].description["workloads"][0];
  workload["axis_order"] = {"n", "m"};
  workload["axes"]["m"] = {1};
  const SuiteSpec suite = parse_suite(
      "[[select]]\nplugin = \"demo\"\n[select.axes]\nn = { range = [1, 10000] }\nm = { range = [1, 10000] }\n",
      "t.toml");
  try {
    plan_run(suite, plugins, RunOptions{});
    FAIL() << "10^8 parameter sets were accepted";
  } catch (const SuiteError& e) {
    EXPECT_EQ(e.message(), "workload 'sum' would expand to 100000000 parameter sets (n: 10000 x m: 10000), more than "
                           "the limit of 100000; select fewer axis values");
  }
  const SuiteSpec fits = parse_suite("[[select]]\nplugin = \"demo\"\n[select.axes]\nn = { range = [1, 10000] }\n", "t.toml");
  EXPECT_EQ(plan_run(fits, plugins, RunOptions{}).cases.front().task.param_sets.size(), 10000u);
}

// A workload's declared domain bounds what a suite may ask: `n = [-5]` is refused at the
// axis's location, before any worker would try to allocate it.
TEST(RunPlan, AxisValuesOutsideTheWorkloadsDomainAreRefusedAtTheirLocation) {
  auto plugins = described_plugin();
  plugins[0].description["workloads"][0]["axis_domains"]["n"] = AxisDomain::integers(1, 1'000'000).to_json();
  const SuiteSpec bad = parse_suite("[[select]]\nplugin = \"demo\"\n[select.axes]\nn = [1000, -5]\n", "t.toml");
  try {
    plan_run(bad, plugins, RunOptions{});
    FAIL() << "n = -5 was accepted";
  } catch (const SuiteError& e) {
    EXPECT_EQ(e.where().line, 4);
    EXPECT_EQ(e.message(), "axis 'n' of workload 'sum' must be an integer in [1, 1000000], got -5");
  }
  for (const char* value : {"1e15", "2.5", "\"big\""}) {
    const SuiteSpec s =
        parse_suite(std::string("[[select]]\nplugin = \"demo\"\n[select.axes]\nn = [") + value + "]\n", "t.toml");
    EXPECT_THROW(plan_run(s, plugins, RunOptions{}), SuiteError) << value;
  }
  const SuiteSpec fits = parse_suite("[[select]]\nplugin = \"demo\"\n[select.axes]\nn = [1, 1000000]\n", "t.toml");
  EXPECT_EQ(plan_run(fits, plugins, RunOptions{}).cases.front().task.param_sets.size(), 2u);
}

TEST(AxisDomain, NamesAndRoundTrip) {
  const auto names = AxisDomain::one_of({"fp16", "bf16"});
  EXPECT_FALSE(names.reject("bf16"));
  EXPECT_EQ(names.reject("f8").value_or(""), "must be one of \"fp16\", \"bf16\", got \"f8\"");
  EXPECT_EQ(AxisDomain::from_json(names.to_json()).text(), names.text());
  const auto numbers = AxisDomain::numbers(0, 1.5);
  EXPECT_FALSE(numbers.reject(1.25));
  EXPECT_TRUE(numbers.reject(2));
  EXPECT_TRUE(numbers.reject(std::numeric_limits<double>::infinity()));
  EXPECT_EQ(AxisDomain::from_json(numbers.to_json()).text(), "a number in [0, 1.5]");
  EXPECT_FALSE(AxisDomain().reject("anything"));
  EXPECT_TRUE(AxisDomain::from_json(nullptr).to_json().is_null());
}

// Two selections that choose the same variant would each bring their own axes: refused, with
// both locations. The laws case a workload shares between selections is planned once.
TEST(RunPlan, AVariantSelectedTwiceIsAnErrorNamingBothSelections) {
  const SuiteSpec suite = parse_suite("[[select]]\nplugin = \"demo\"\nvariants = [\"cpu\"]\n\n[[select]]\nplugin = \"*\"\n",
                                      "t.toml");
  try {
    plan_run(suite, described_plugin(), RunOptions{});
    FAIL() << "an overlap was accepted";
  } catch (const SuiteError& e) {
    EXPECT_EQ(e.where().line, 5);
    EXPECT_EQ(e.message(), "selects 'demo/sum/cpu' again, already selected by the [[select]] at t.toml:1:1; select "
                           "each variant once (split the variants or workloads between them)");
  }
  const SuiteSpec split = parse_suite(
      "[[select]]\nplugin = \"demo\"\nvariants = [\"cpu\"]\n\n[[select]]\nplugin = \"demo\"\nvariants = [\"cuda\"]\n",
      "t.toml");
  EXPECT_EQ(plan_run(split, described_plugin(), RunOptions{}).cases.size(), 2u);
}

// A plugin glob filters plugins by the workload named; only when none has it is it an error.
TEST(RunPlan, APluginGlobPassesOverPluginsWithoutTheWorkload) {
  auto plugins = described_plugin();
  auto other = plugins[0];
  other.name = "other";
  other.description["workloads"][0]["name"] = "max";
  plugins.push_back(other);
  const SuiteSpec suite = parse_suite("[[select]]\nplugin = \"*\"\nworkload = \"sum\"\n", "t.toml");
  const RunPlan plan = plan_run(suite, plugins, RunOptions{});
  ASSERT_EQ(plan.cases.size(), 2u);
  EXPECT_EQ(plan.cases[0].name, "demo/sum/cpu");
  const SuiteSpec none = parse_suite("[[select]]\nplugin = \"*\"\nworkload = \"nope\"\n", "t.toml");
  try {
    plan_run(none, plugins, RunOptions{});
    FAIL() << "a workload no plugin has was accepted";
  } catch (const SuiteError& e) {
    EXPECT_EQ(e.message(), "no loaded plugin matching '*' has a workload 'nope' (see crucible list)");
  }
}

// The plan copies every suite setting into the task; a field the suite leaves out keeps the
// task's own default.
TEST(RunPlan, TaskCarriesTheSuitesSettings) {
  const SuiteSpec suite = parse_suite(R"([props]
cases = 7
max_size = 9
[determinism]
repeats = 4
[bench]
repetitions = 2
min_time = 0.25
warmup = 3
[[select]]
plugin = "demo"
variants = ["cpu"]
)",
                                      "t.toml");
  const RunPlan plan = plan_run(suite, described_plugin(), RunOptions{});
  ASSERT_EQ(plan.cases.size(), 1u);
  const WorkerTask& task = plan.cases[0].task;
  EXPECT_EQ(task.kind, TaskKind::variant);
  EXPECT_EQ(task.plugin_path, "/nowhere/demo.so");
  EXPECT_EQ(task.variant, "cpu");
  EXPECT_EQ(task.props.cases, 7);
  EXPECT_EQ(task.props.max_size, 9);
  EXPECT_EQ(task.determinism.repeats, 4);
  EXPECT_EQ(task.determinism.threads, std::vector<unsigned>{1});  // not threaded
  EXPECT_FALSE(task.determinism.reference);
  EXPECT_EQ(task.bench.repetitions, 2);
  EXPECT_DOUBLE_EQ(task.bench.min_time_s, 0.25);
  EXPECT_EQ(task.bench.warmup, 3);
  EXPECT_EQ(task.bench.timing, BenchConfig{}.timing);
  ASSERT_EQ(task.param_sets.size(), 2u);
  EXPECT_EQ(task.param_sets[1], (nlohmann::json{{"n", 2000}}));
}

}  // namespace
}  // namespace crucible
