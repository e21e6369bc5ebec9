#include <gtest/gtest.h>

#include "cli/command_line.hpp"

namespace crucible {
namespace {

TEST(CommandLine, ReadsFlagsOptionsAndPositionals) {
  const CommandLine cl({"suite.toml", "--out", "dir", "--seed=7", "--props-only", "--plugins", "a", "--plugins", "b"},
                       {"--props-only", "--bench-only"}, {"--out", "--seed", "--plugins"});
  EXPECT_EQ(cl.positionals(), std::vector<std::string>{"suite.toml"});
  EXPECT_EQ(cl.option("--out").value(), "dir");
  EXPECT_EQ(cl.option("--seed").value(), "7");
  EXPECT_TRUE(cl.flag("--props-only"));
  EXPECT_FALSE(cl.flag("--bench-only"));
  EXPECT_EQ(cl.all("--plugins"), (std::vector<std::string>{"a", "b"}));
}

TEST(CommandLine, RejectsUnknownOptionsNamingTheValidOnes) {
  try {
    CommandLine({"--sed", "3"}, {}, {"--seed"});
    FAIL() << "expected a UsageError";
  } catch (const UsageError& e) {
    EXPECT_STREQ(e.what(), "unknown option '--sed'; valid options: --seed");
  }
  EXPECT_THROW(CommandLine({"--seed"}, {}, {"--seed"}), UsageError);
  EXPECT_THROW(CommandLine({"--props-only=1"}, {"--props-only"}, {}), UsageError);
}

}  // namespace
}  // namespace crucible
