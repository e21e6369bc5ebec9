// WorkerTask through its JSON form, as the parent writes it and the child reads it.
#include <gtest/gtest.h>

#include "task/worker_task_json.hpp"

namespace crucible {
namespace {

TEST(WorkerTaskJson, EveryFieldSurvivesTheRoundTrip) {
  WorkerTask task;
  task.kind = TaskKind::laws;
  task.plugin_path = "/p/demo.so";
  task.plugin = "demo";
  task.workload = "sum";
  task.variant = "cuda";
  task.seed = 0xfedcba9876543210ull;  // above 2^63: must stay unsigned
  task.reproduce = "abc";
  task.threaded = true;
  task.props = {false, 7, 9, 4};
  task.properties = {"equal:cuda=cpu", "law"};
  task.determinism.enabled = false;
  task.determinism.repeats = 2;
  task.determinism.threads = {1, 4};
  task.determinism.reference = "cpu";
  task.bench.enabled = false;
  task.bench.repetitions = 3;
  task.bench.min_time_s = 0.25;
  task.bench.warmup = 2;
  task.bench.timing = "graph";
  task.bench.noise_target = 0.02;
  task.bench.time_budget_s = 1.5;
  task.bench.cupti_runs = 4;
  task.bench.threads = {1, 8};
  task.param_sets = {{{"n", 1}}, {{"n", "x"}}};
  const nlohmann::json wire = nlohmann::json::parse(nlohmann::json(task).dump());
  EXPECT_EQ(wire.get<WorkerTask>(), task);
}

TEST(WorkerTaskJson, AbsentKeysReadAsTheDefaults) {
  const auto task = nlohmann::json{{"kind", "describe"}, {"plugin_path", "/p/demo.so"}}.get<WorkerTask>();
  WorkerTask expected;
  expected.kind = TaskKind::describe;
  expected.plugin_path = "/p/demo.so";
  EXPECT_EQ(task, expected);
  EXPECT_EQ(task.bench.cupti_runs, 10u);
  EXPECT_FALSE(task.determinism.reference);
}

TEST(WorkerTaskJson, AnUnknownKindIsNamed) {
  try {
    nlohmann::json{{"kind", "bench"}}.get<WorkerTask>();
    FAIL() << "an unknown kind was accepted";
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(), "unknown task kind 'bench'");
  }
}

}  // namespace
}  // namespace crucible
