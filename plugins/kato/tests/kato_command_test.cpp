// Tests of the `kato` command: usage, errors (exit 2, one line naming the file), and
// predict/learn end to end.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "kato/pattern_name.hpp"
#include "kato/query.hpp"
#include "kato_command.hpp"

namespace {

struct CmdRun {
  int rc;
  std::string out, err;
};

CmdRun run(std::vector<std::string> args) {
  std::vector<const char*> argv;
  for (auto& a : args) argv.push_back(a.c_str());
  std::ostringstream out, err;
  const int rc = kato_command(static_cast<int>(argv.size()), argv.data(), out, err);
  return {rc, out.str(), err.str()};
}

std::string write(const std::string& leaf, const std::string& text) {
  const auto p = (std::filesystem::temp_directory_path() / ("kato_cmd_" + std::to_string(::getpid()) + "_" + leaf)).string();
  std::ofstream(p) << text;
  return p;
}

}  // namespace

TEST(KatoCommand, Help) {
  const CmdRun r = run({"--help"});
  EXPECT_EQ(r.rc, 0);
  EXPECT_NE(r.out.find("kato predict"), std::string::npos);
  EXPECT_EQ(run({"predict", "--help"}).rc, 0);
}

TEST(KatoCommand, BadUsageExits2) {
  EXPECT_EQ(run({"frobnicate"}).rc, 2);
  EXPECT_EQ(run({"predict"}).rc, 2);
  const auto kb = write("u.jsonl", "{\"events\": [[\"a\", \"b\"]]}\n");
  const auto st = write("u_state.json", "[[\"a\"], [\"b\"]]");
  EXPECT_EQ(run({"predict", kb}).rc, 2);  // no --state
  EXPECT_EQ(run({"predict", kb, "--state", st, "--threshold", "abc"}).rc, 2);
  EXPECT_EQ(run({"predict", kb, "--state", st, "--threshold", "1.5"}).rc, 2);
  EXPECT_EQ(run({"predict", kb, "--state", st, "--max", "0"}).rc, 2);
  EXPECT_EQ(run({"predict", kb, "--state", st, "--device", "tpu"}).rc, 2);
  EXPECT_EQ(run({"predict", kb, "--state", st, "--bogus"}).rc, 2);
  const CmdRun v = run({"predict", kb, "--state", st, "--no-sort=yes"});
  EXPECT_EQ(v.rc, 2);
  EXPECT_NE(v.err.find("--no-sort takes no value"), std::string::npos) << v.err;
}

TEST(KatoCommand, HelpNamesNoSort) { EXPECT_NE(run({"--help"}).out.find("--no-sort"), std::string::npos); }

// KATO's sort_symbols=False: learned and predicted in observed order.
TEST(KatoCommand, NoSortLearnsAndPredictsInObservedOrder) {
  const auto kb = write("ns.jsonl", "");
  const auto stm = write("ns_stm.json", "[[\"b\", \"a\"], [\"c\"]]");
  const CmdRun l = run({"learn", kb, "--stm", stm, "--no-sort"});
  ASSERT_EQ(l.rc, 0) << l.err;
  EXPECT_EQ(l.out, "PTRN|" + kato::pattern_name({{"b", "a"}, {"c"}}) + "\n");
  const auto state = write("ns_state.json", "[[\"b\", \"a\"], [\"c\"]]");
  const CmdRun p = run({"predict", kb, "--state", state, "--no-sort"});
  ASSERT_EQ(p.rc, 0) << p.err;
  const auto j = nlohmann::json::parse(p.out);
  ASSERT_EQ(j.size(), 1u);
  EXPECT_EQ(j[0]["present"], nlohmann::json::parse("[[\"b\", \"a\"], [\"c\"]]"));
  EXPECT_EQ(j[0]["similarity"], 1.0);
  // Without --no-sort the state becomes [[a, b], [c]]: LCS 2 of 3, no longer identical.
  const CmdRun sorted = run({"predict", kb, "--state", state});
  ASSERT_EQ(sorted.rc, 0) << sorted.err;
  EXPECT_LT(nlohmann::json::parse(sorted.out)[0]["similarity"].get<double>(), 1.0);
}

TEST(KatoCommand, BadFilesNameFileAndLine) {
  const auto kb = write("bad.jsonl", "{\"events\": [[\"a\", \"b\"]]}\n{\"events\": 3}\n");
  const auto st = write("s.json", "[[\"a\"]]");
  const CmdRun r = run({"predict", kb, "--state", st});
  EXPECT_EQ(r.rc, 2);
  EXPECT_NE(r.err.find(kb + ":2:"), std::string::npos) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1);
  const auto good = write("good.jsonl", "{\"events\": [[\"a\", \"b\"]]}\n");
  const auto bad_state = write("bad_state.json", "{\"x\": 1}");
  const CmdRun r2 = run({"predict", good, "--state", bad_state});
  EXPECT_EQ(r2.rc, 2);
  EXPECT_NE(r2.err.find(bad_state), std::string::npos);
  EXPECT_EQ(run({"predict", good + ".missing", "--state", st}).rc, 2);
  // A folder is not an empty knowledge base.
  const CmdRun folder = run({"predict", std::filesystem::path(good).parent_path().string(), "--state", st});
  EXPECT_EQ(folder.rc, 2);
  EXPECT_NE(folder.err.find("is a folder, not a file"), std::string::npos) << folder.err;
}

// A state longer than the query limit is the user's input error, said in one line, never an
// allocation of the square of its length.
TEST(KatoCommand, AStateOverTheQueryLimitExits2) {
  const auto kb = write("q.jsonl", "{\"events\": [[\"a\", \"b\"]]}\n");
  nlohmann::json state = nlohmann::json::array();
  for (std::size_t i = 0; i <= kato::kMaxQuerySymbols; ++i) state.push_back({"s" + std::to_string(i)});
  const auto st = write("q_state.json", state.dump());
  const CmdRun r = run({"predict", kb, "--state", st});
  EXPECT_EQ(r.rc, 2);
  EXPECT_NE(r.err.find("the state has 10001 symbols; a query takes at most 10000"), std::string::npos) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1);
}

TEST(KatoCommand, LearnThenPredict) {
  const auto kb = write("lp.jsonl", "");
  const auto stm = write("lp_stm.json", "[[\"b\", \"a\"], [\"c\"]]");
  const CmdRun l = run({"learn", kb, "--stm", stm});
  ASSERT_EQ(l.rc, 0) << l.err;
  EXPECT_EQ(l.out.rfind("PTRN|", 0), 0u);
  const auto state = write("lp_state.json", "[[\"a\"], [\"c\", \"z\"]]");
  const CmdRun p = run({"predict", kb, "--state", state, "--threshold", "0.1", "--max", "5"});
  ASSERT_EQ(p.rc, 0) << p.err;
  const auto j = nlohmann::json::parse(p.out);
  ASSERT_EQ(j.size(), 1u);
  EXPECT_EQ(j[0]["name"], l.out.substr(5, 40));
  EXPECT_EQ(j[0]["present"], nlohmann::json::parse("[[\"a\", \"b\"], [\"c\"]]"));  // learned sorted
  EXPECT_EQ(j[0]["frequency"], 1);
  const auto single = write("lp_single.json", "[[\"x\"]]");
  const CmdRun l2 = run({"learn", kb, "--stm", single});
  EXPECT_EQ(l2.rc, 0);
  EXPECT_NE(l2.out.find("not learned"), std::string::npos);
}
