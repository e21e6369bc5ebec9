// The plan a suite resolves to, against a described plugin (no plugin is loaded): which tasks,
// with which benchmark settings.
#include <gtest/gtest.h>

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

const nlohmann::json& bench_of(const RunPlan& plan, const std::string& name) {
  for (const auto& c : plan.cases) {
    if (c.name == name) return c.task.at("bench");
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
  EXPECT_EQ(bench_of(plan, "demo/sum/cpu")["timing"], "hot");
  const auto& cuda = bench_of(plan, "demo/sum/cuda");
  EXPECT_EQ(cuda["timing"], "cold");
  EXPECT_DOUBLE_EQ(cuda["noise_target"].get<double>(), 0.02);
  EXPECT_DOUBLE_EQ(cuda["time_budget"].get<double>(), 1.5);
}

TEST(RunPlan, DefaultStoppingRuleLeavesTheBudgetToTheSampler) {
  const SuiteSpec suite = parse_suite("[[select]]\nplugin = \"demo\"\n", "t.toml");
  const RunPlan plan = plan_run(suite, described_plugin(), RunOptions{});
  const auto& cuda = bench_of(plan, "demo/sum/cuda");
  EXPECT_EQ(cuda["timing"], "hot");
  EXPECT_DOUBLE_EQ(cuda["noise_target"].get<double>(), 0.005);
  EXPECT_FALSE(cuda.contains("time_budget"));  // max(0.5 s, 10 x min_time), decided by the sampler
}

}  // namespace
}  // namespace crucible
