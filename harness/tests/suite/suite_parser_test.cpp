#include "suite/suite_parser.hpp"

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>

namespace crucible {
namespace {

using nlohmann::json;

// Parses `text` expecting a SuiteError; returns it.
SuiteError parse_error(const std::string& text, const std::string& path = "t.toml") {
  try {
    parse_suite(text, path);
  } catch (const SuiteError& e) {
    return e;
  }
  ADD_FAILURE() << "no SuiteError for:\n" << text;
  return SuiteError(SourceLocation{}, "<none>");
}

const char* const kSelectAll = "[[select]]\n";

TEST(SuiteParser, FullSuiteRoundTrip) {
  const std::string text = R"([suite]
name = "quick"
description = "Quick smoke suite"
seed = 42
timeout = 120

[props]
enabled = false
cases = 250
max_size = 64

[determinism]
enabled = true
repeats = 4
threads = [1, 4, 0]

[bench]
enabled = true
repetitions = 7
min_time = 0.25
warmup = 2
min_effect = 0.1
timing = "graph"
noise_target = 0.01
time_budget = 2

[[select]]
plugin = "kato"
workload = "match"
variants = ["cpu_ref", "cpu_fast"]
timing = "cold"
[select.axes]
patterns = [1000, 100000]
query_len = { range = [8, 64], step = 8 }
bits = { pow2 = [10, 16] }

[[select]]
plugin = "z*"
)";
  const SuiteSpec s = parse_suite(text, "suites/quick.toml");

  SuiteSpec want;
  want.name = "quick";
  want.description = "Quick smoke suite";
  want.path = "suites/quick.toml";
  want.seed = 42;
  want.timeout_s = 120;
  want.props = {false, 250, 64};
  want.determinism = {true, 4, {1, 4, 0}};
  want.bench = {true, 7, 0.25, 2, 0.1, "graph", 0.01, 2.0};

  Selection a;
  a.plugin = "kato";
  a.workload = "match";
  a.variants = {"cpu_ref", "cpu_fast"};
  a.timing = "cold";
  a.where = {"suites/quick.toml", 27, 1};
  a.axes.push_back({"patterns", {json(1000), json(100000)}, {"suites/quick.toml", 33, 1}});
  a.axes.push_back({"query_len",
                    {json(8), json(16), json(24), json(32), json(40), json(48), json(56), json(64)},
                    {"suites/quick.toml", 34, 1}});
  a.axes.push_back({"bits",
                    {json(1024), json(2048), json(4096), json(8192), json(16384), json(32768), json(65536)},
                    {"suites/quick.toml", 35, 1}});
  Selection b;
  b.plugin = "z*";
  b.where = {"suites/quick.toml", 37, 1};
  want.selections = {a, b};

  // Field by field first, so a failure says which one differs.
  EXPECT_EQ(s.name, want.name);
  EXPECT_EQ(s.description, want.description);
  EXPECT_EQ(s.path, want.path);
  EXPECT_EQ(s.seed, 42u);
  EXPECT_DOUBLE_EQ(s.timeout_s, 120.0);
  EXPECT_FALSE(s.props.enabled);
  EXPECT_EQ(s.props.cases, 250);
  EXPECT_EQ(s.props.max_size, 64);
  EXPECT_TRUE(s.determinism.enabled);
  EXPECT_EQ(s.determinism.repeats, 4);
  EXPECT_EQ(s.determinism.threads, (std::vector<int>{1, 4, 0}));
  EXPECT_TRUE(s.bench.enabled);
  EXPECT_EQ(s.bench.repetitions, 7);
  EXPECT_DOUBLE_EQ(s.bench.min_time_s, 0.25);
  EXPECT_EQ(s.bench.warmup, 2);
  EXPECT_DOUBLE_EQ(s.bench.min_effect, 0.1);
  EXPECT_EQ(s.bench.timing, "graph");
  EXPECT_DOUBLE_EQ(s.bench.noise_target, 0.01);
  EXPECT_DOUBLE_EQ(s.bench.time_budget_s, 2.0);
  ASSERT_EQ(s.selections.size(), 2u);
  EXPECT_EQ(s.selections[0].timing, "cold");
  EXPECT_EQ(s.selections[1].timing, "");
  EXPECT_EQ(s.selections[0].where, a.where);
  ASSERT_EQ(s.selections[0].axes.size(), 3u);
  // Axes keep file order, not alphabetical order.
  EXPECT_EQ(s.selections[0].axes[0].name, "patterns");
  EXPECT_EQ(s.selections[0].axes[1].name, "query_len");
  EXPECT_EQ(s.selections[0].axes[2].name, "bits");
  EXPECT_EQ(s.selections[0].axes[0].values, a.axes[0].values);
  EXPECT_EQ(s.selections[0].axes[0].where.str(), "suites/quick.toml:33:1");
  EXPECT_EQ(s.selections[1].plugin, "z*");
  EXPECT_EQ(s.selections[1].workload, "*");
  EXPECT_TRUE(s.selections[1].variants.empty());
  EXPECT_TRUE(s.selections[1].axes.empty());
  // And the whole thing.
  EXPECT_EQ(s, want);
}

TEST(SuiteParser, Defaults) {
  const SuiteSpec s = parse_suite(kSelectAll, "dir/nightly.toml");
  EXPECT_EQ(s.name, "nightly");  // file stem
  EXPECT_EQ(s.description, "");
  EXPECT_EQ(s.path, "dir/nightly.toml");
  EXPECT_EQ(s.seed, 0u);
  EXPECT_DOUBLE_EQ(s.timeout_s, 300.0);
  EXPECT_TRUE(s.props.enabled);
  EXPECT_EQ(s.props.cases, 100);
  EXPECT_EQ(s.props.max_size, 100);
  EXPECT_TRUE(s.determinism.enabled);
  EXPECT_EQ(s.determinism.repeats, 3);
  EXPECT_EQ(s.determinism.threads, (std::vector<int>{1, 2, 0}));
  EXPECT_TRUE(s.bench.enabled);
  EXPECT_EQ(s.bench.repetitions, 5);
  EXPECT_DOUBLE_EQ(s.bench.min_time_s, 0.05);
  EXPECT_EQ(s.bench.warmup, 1);
  EXPECT_DOUBLE_EQ(s.bench.min_effect, 0.05);
  EXPECT_EQ(s.bench.timing, "hot");
  EXPECT_DOUBLE_EQ(s.bench.noise_target, 0.005);
  EXPECT_DOUBLE_EQ(s.bench.time_budget_s, 0.0);
  ASSERT_EQ(s.selections.size(), 1u);
  EXPECT_EQ(s.selections[0].plugin, "*");
  EXPECT_EQ(s.selections[0].workload, "*");
  EXPECT_TRUE(s.selections[0].variants.empty());
  EXPECT_TRUE(s.selections[0].axes.empty());
  EXPECT_EQ(s.selections[0].where.str(), "dir/nightly.toml:1:1");
}

TEST(SuiteParser, TimeoutAcceptsFloatAndMinTimeAcceptsInt) {
  const SuiteSpec s = parse_suite("[suite]\ntimeout = 2.5\n[bench]\nmin_time = 1\n[[select]]\n", "t.toml");
  EXPECT_DOUBLE_EQ(s.timeout_s, 2.5);
  EXPECT_DOUBLE_EQ(s.bench.min_time_s, 1.0);
}

// --- axes --------------------------------------------------------------------

AxisValues axis(const std::string& value) {
  const SuiteSpec s = parse_suite("[[select]]\n[select.axes]\nx = " + value + "\n", "t.toml");
  EXPECT_EQ(s.selections.at(0).axes.size(), 1u);
  return s.selections.at(0).axes.at(0).values;
}

TEST(SuiteAxes, IntegerListStaysInteger) {
  const AxisValues v = axis("[1000, 100000, -3]");
  ASSERT_EQ(v.size(), 3u);
  EXPECT_TRUE(v[0].is_number_integer());
  EXPECT_EQ(v[0].get<std::int64_t>(), 1000);
  EXPECT_EQ(v[1].get<std::int64_t>(), 100000);
  EXPECT_EQ(v[2].get<std::int64_t>(), -3);
  EXPECT_EQ(v[0].dump(), "1000");  // not 1000.0
}

TEST(SuiteAxes, FloatList) {
  const AxisValues v = axis("[0.5, 1.25]");
  ASSERT_EQ(v.size(), 2u);
  EXPECT_TRUE(v[0].is_number_float());
  EXPECT_DOUBLE_EQ(v[0].get<double>(), 0.5);
  EXPECT_DOUBLE_EQ(v[1].get<double>(), 1.25);
}

TEST(SuiteAxes, MixedIntFloatListBecomesFloat) {
  const AxisValues v = axis("[1, 2.5]");
  ASSERT_EQ(v.size(), 2u);
  EXPECT_TRUE(v[0].is_number_float());
  EXPECT_DOUBLE_EQ(v[0].get<double>(), 1.0);
  EXPECT_DOUBLE_EQ(v[1].get<double>(), 2.5);
}

TEST(SuiteAxes, StringAndBoolLists) {
  EXPECT_EQ(axis(R"(["dna", "protein"])"), (AxisValues{json("dna"), json("protein")}));
  EXPECT_EQ(axis("[true, false]"), (AxisValues{json(true), json(false)}));
  EXPECT_TRUE(axis("[true]")[0].is_boolean());
}

TEST(SuiteAxes, IntegerRange) {
  EXPECT_EQ(axis("{ range = [8, 64], step = 8 }"),
            (AxisValues{json(8), json(16), json(24), json(32), json(40), json(48), json(56), json(64)}));
  EXPECT_EQ(axis("{ range = [1, 4] }"), (AxisValues{json(1), json(2), json(3), json(4)}));
  EXPECT_EQ(axis("{ range = [5, 5] }"), (AxisValues{json(5)}));
  // stop not on the step grid: stops at the last value <= stop.
  EXPECT_EQ(axis("{ range = [0, 10], step = 4 }"), (AxisValues{json(0), json(4), json(8)}));
  EXPECT_TRUE(axis("{ range = [1, 2] }")[0].is_number_integer());
}

TEST(SuiteAxes, FloatRange) {
  const AxisValues v = axis("{ range = [0.0, 1.0], step = 0.1 }");
  ASSERT_EQ(v.size(), 11u);  // 1.0 included despite rounding
  EXPECT_TRUE(v[0].is_number_float());
  EXPECT_DOUBLE_EQ(v[0].get<double>(), 0.0);
  EXPECT_DOUBLE_EQ(v[3].get<double>(), 0.3);
  EXPECT_DOUBLE_EQ(v[10].get<double>(), 1.0);
  // Integer bounds with a float step are floats.
  const AxisValues w = axis("{ range = [1, 2], step = 0.5 }");
  ASSERT_EQ(w.size(), 3u);
  EXPECT_TRUE(w[0].is_number_float());
  EXPECT_DOUBLE_EQ(w[1].get<double>(), 1.5);
}

TEST(SuiteAxes, Pow2) {
  EXPECT_EQ(axis("{ pow2 = [10, 16] }"), (AxisValues{json(1024), json(2048), json(4096), json(8192),
                                                      json(16384), json(32768), json(65536)}));
  const AxisValues big = axis("{ pow2 = [62, 62] }");
  ASSERT_EQ(big.size(), 1u);
  EXPECT_TRUE(big[0].is_number_integer());
  EXPECT_EQ(big[0].get<std::int64_t>(), std::int64_t{1} << 62);
  EXPECT_EQ(axis("{ pow2 = [0, 1] }"), (AxisValues{json(1), json(2)}));
}

TEST(SuiteAxes, ExpansionLimit) {
  EXPECT_EQ(axis("{ range = [1, 10000] }").size(), 10000u);
  SuiteError e = parse_error("[[select]]\n[select.axes]\nx = { range = [1, 10001] }\n");
  EXPECT_EQ(e.where().str(), "t.toml:3:15");  // the range array
  EXPECT_EQ(e.message(), "axis 'x' expands to 10001 values, more than the limit of 10000; use a larger step "
                         "or a narrower range");
  e = parse_error("[[select]]\n[select.axes]\nx = { range = [-9223372036854775808, 9223372036854775807] }\n");
  EXPECT_NE(e.message().find("expands to 18446744073709551616 values"), std::string::npos) << e.what();
  e = parse_error("[[select]]\n[select.axes]\nx = { range = [0.0, 1e300], step = 1e-300 }\n");
  EXPECT_NE(e.message().find("more than the limit of 10000"), std::string::npos) << e.what();
}

TEST(SuiteAxes, Errors) {
  struct Case {
    const char* value;
    const char* where;  // line 3; the axis value starts at column 5
    const char* message;
  };
  const Case cases[] = {
      {"[]", "t.toml:3:5", "axis 'x' has no values; give at least one, e.g. x = [1]"},
      {"[1, \"a\"]", "t.toml:3:9",
       "axis 'x' mixes kinds of values: it starts with numbers but this value is string; an axis list must be "
       "all numbers, all strings or all bools"},
      {"[[1]]", "t.toml:3:6", "axis 'x' values must be numbers, strings or bools, got array"},
      {"5", "t.toml:3:5",
       "axis 'x' must be a list of values, { range = [start, stop], step = s } or { pow2 = [lo, hi] }, got "
       "integer; write a single value as a one-element list, e.g. x = [value]"},
      {"{ range = [8, 64], step = 0 }", "t.toml:3:31", "axis 'x' step must be > 0, got 0"},
      {"{ range = [1.0, 2.0], step = -0.5 }", "t.toml:3:34", "axis 'x' step must be > 0, got -0.5"},
      {"{ range = [64, 8] }", "t.toml:3:15",
       "axis 'x' range start must be <= stop, got [64, 8]; write the smaller value first"},
      {"{ range = [1] }", "t.toml:3:15", "axis 'x' range must be [start, stop] of two numbers, got 1 element"},
      {"{ range = [1, \"9\"] }", "t.toml:3:19", "axis 'x' range must be [start, stop] of two numbers, got string"},
      {"{ range = [1, 2], step = \"1\" }", "t.toml:3:30", "axis 'x' step must be a number, got string"},
      {"{ pow2 = [10, 63] }", "t.toml:3:19", "axis 'x' pow2 exponents must be in [0, 62], got 63"},
      {"{ pow2 = [-1, 3] }", "t.toml:3:15", "axis 'x' pow2 exponents must be in [0, 62], got -1"},
      {"{ pow2 = [16, 10] }", "t.toml:3:14", "axis 'x' pow2 must be [lo, hi] with lo <= hi, got [16, 10]"},
      {"{ pow2 = [1.5, 3] }", "t.toml:3:15", "axis 'x' pow2 must be [lo, hi] of two integers, got float"},
      {"{ pow2 = [1, 3], step = 2 }", "t.toml:3:29", "axis 'x': step only applies to range, not pow2; remove it"},
      {"{ range = [1, 2], pow2 = [1, 2] }", "t.toml:3:5", "axis 'x' has both range and pow2; use one of them"},
      {"{ step = 2 }", "t.toml:3:5",
       "axis 'x' table needs range or pow2, e.g. x = { range = [8, 64], step = 8 } or x = { pow2 = [10, 16] }"},
      {"{ range = [1, 2], stpe = 1 }", "t.toml:3:23",
       "unknown key 'stpe' in axis 'x'; valid keys: range, step, pow2; did you mean 'step'?"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.value);
    const SuiteError e = parse_error(std::string("[[select]]\n[select.axes]\nx = ") + c.value + "\n");
    EXPECT_EQ(e.where().str(), c.where);
    EXPECT_EQ(e.message(), c.message);
    EXPECT_EQ(std::string(e.what()), std::string(c.where) + ": " + c.message);
  }
}

// --- errors ------------------------------------------------------------------

TEST(SuiteErrors, MalformedTomlHasLocation) {
  const SuiteError e = parse_error("[suite]\nname = \"x\"\ntimeout = = 3\n", "bad.toml");
  EXPECT_EQ(e.where().path, "bad.toml");
  EXPECT_EQ(e.where().line, 3);
  EXPECT_EQ(e.where().column, 11);
  EXPECT_EQ(e.message().rfind("invalid TOML: ", 0), 0u) << e.message();
  EXPECT_EQ(std::string(e.what()).rfind("bad.toml:3:11: invalid TOML: ", 0), 0u) << e.what();

  const SuiteError dup = parse_error("[bench]\nwarmup = 1\nwarmup = 2\n[[select]]\n");
  EXPECT_EQ(dup.where().line, 3);
  EXPECT_NE(dup.message().find("warmup"), std::string::npos) << dup.what();
}

TEST(SuiteErrors, UnknownKeyListsValidKeysAndSuggests) {
  SuiteError e = parse_error("[[select]]\n[bench]\nwarmup = 2\nrepetiton = 3\n");
  EXPECT_EQ(e.where().str(), "t.toml:4:1");
  EXPECT_EQ(e.message(),
            "unknown key 'repetiton' in [bench]; valid keys: enabled, repetitions, min_time, warmup, min_effect, "
            "timing, noise_target, time_budget; did you mean 'repetitions'?");

  // No suggestion when nothing is within edit distance 2.
  e = parse_error("[[select]]\n[props]\n  frobnicate = 1\n");
  EXPECT_EQ(e.where().str(), "t.toml:3:3");
  EXPECT_EQ(e.message(), "unknown key 'frobnicate' in [props]; valid keys: enabled, cases, max_size");

  // Top level: reports the first unknown key in file order, not alphabetical order.
  e = parse_error("zzz = 1\n[[select]]\n[benhc]\n");
  EXPECT_EQ(e.where().str(), "t.toml:1:1");
  EXPECT_EQ(e.message(), "unknown key 'zzz' at top level; valid keys: suite, props, determinism, bench, select, peer, gbench");
  e = parse_error("[[select]]\n[benhc]\n");
  EXPECT_EQ(e.where().str(), "t.toml:2:2");
  EXPECT_EQ(e.message(),
            "unknown key 'benhc' at top level; valid keys: suite, props, determinism, bench, select, peer, gbench; did you "
            "mean "
            "'bench'?");

  e = parse_error("[suite]\nnmae = \"q\"\n[[select]]\n");
  EXPECT_EQ(e.where().str(), "t.toml:2:1");
  EXPECT_EQ(e.message(),
            "unknown key 'nmae' in [suite]; valid keys: name, description, seed, timeout, memory_limit; did you mean 'name'?");

  e = parse_error("[determinism]\nthread = [1]\n[[select]]\n");
  EXPECT_EQ(e.message(),
            "unknown key 'thread' in [determinism]; valid keys: enabled, repeats, threads; did you mean 'threads'?");

  e = parse_error("[[select]]\nplugin = \"a\"\nvariant = [\"x\"]\n");
  EXPECT_EQ(e.where().str(), "t.toml:3:1");
  EXPECT_EQ(e.message(),
            "unknown key 'variant' in [[select]]; valid keys: plugin, workload, variants, axes, timing; did you mean "
            "'variants'?");
}

TEST(SuiteErrors, WrongTypes) {
  struct Case {
    const char* text;
    const char* what;
  };
  const Case cases[] = {
      {"[props]\ncases = \"100\"\n", "t.toml:2:9: [props] cases must be an integer, got string"},
      {"[props]\nmax_size = 1.5\n", "t.toml:2:12: [props] max_size must be an integer, got float"},
      {"[props]\nenabled = 1\n", "t.toml:2:11: [props] enabled must be true or false, got integer"},
      {"[suite]\nname = 3\n", "t.toml:2:8: [suite] name must be a string, got integer"},
      {"[suite]\ntimeout = \"1m\"\n", "t.toml:2:11: [suite] timeout must be a number, got string"},
      {"[suite]\nseed = 1.0\n", "t.toml:2:8: [suite] seed must be an integer, got float"},
      {"[determinism]\nthreads = 4\n", "t.toml:2:11: [determinism] threads must be a list of integers, got integer"},
      {"[determinism]\nthreads = [1, \"2\"]\n",
       "t.toml:2:15: [determinism] threads entries must be integers, got string"},
      {"[bench]\ntiming = true\n", "t.toml:2:10: [bench] timing must be a string, got boolean"},
      {"bench = 3\n", "t.toml:1:9: bench must be a table, got integer"},
      {"[[select]]\nvariants = \"cpu_ref\"\n", "t.toml:2:12: [[select]] variants must be a list of strings, got string"},
      {"[[select]]\nvariants = [1]\n", "t.toml:2:13: [[select]] variants entries must be strings, got integer"},
      {"[[select]]\nplugin = [\"a\"]\n", "t.toml:2:10: [[select]] plugin must be a string, got array"},
      {"[[select]]\naxes = [1]\n", "t.toml:2:8: [[select]] axes must be a table, got array"},
      {"[select]\nplugin = \"a\"\n",
       "t.toml:1:1: select must be an array of tables: write [[select]] (two brackets), got table"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.text);
    std::string text = c.text;
    if (text.find("select") == std::string::npos) text += "[[select]]\n";
    EXPECT_EQ(std::string(parse_error(text).what()), c.what);
  }
}

TEST(SuiteErrors, OutOfRange) {
  struct Case {
    const char* text;
    const char* what;
  };
  const Case cases[] = {
      {"[props]\ncases = 0\n", "t.toml:2:9: [props] cases must be >= 1, got 0"},
      {"[props]\nmax_size = -5\n", "t.toml:2:12: [props] max_size must be >= 1, got -5"},
      {"[props]\ncases = 3000000000\n", "t.toml:2:9: [props] cases must be at most 2147483647, got 3000000000"},
      {"[bench]\nrepetitions = 0\n", "t.toml:2:15: [bench] repetitions must be >= 1, got 0"},
      {"[bench]\nwarmup = -1\n", "t.toml:2:10: [bench] warmup must be >= 0, got -1"},
      {"[bench]\nmin_time = 0\n", "t.toml:2:12: [bench] min_time must be > 0 seconds, got 0"},
      {"[bench]\nmin_time = -0.5\n", "t.toml:2:12: [bench] min_time must be > 0 seconds, got -0.5"},
      {"[bench]\nmin_time = inf\n", "t.toml:2:12: [bench] min_time must be a finite number, got inf"},
      {"[suite]\ntimeout = 0\n", "t.toml:2:11: [suite] timeout must be > 0 seconds, got 0"},
      {"[suite]\nseed = -1\n", "t.toml:2:8: [suite] seed must be >= 0, got -1 (0 = random)"},
      {"[suite]\nname = \"\"\n", "t.toml:2:8: [suite] name must not be empty; leave it out to use the file name"},
      {"[determinism]\nrepeats = 1\n",
       "t.toml:2:11: [determinism] repeats must be >= 2, got 1 (determinism compares at least two runs)"},
      {"[determinism]\nthreads = [1, -2]\n",
       "t.toml:2:15: [determinism] threads entries must be >= 0, got -2 (0 = all cores)"},
      {"[determinism]\nthreads = []\n",
       "t.toml:2:11: [determinism] threads must not be empty; list thread counts such as [1, 2, 0] (0 = all "
       "cores), or set enabled = false"},
      {"[bench]\ntiming = \"warm\"\n",
       "t.toml:2:10: [bench] timing must be one of cold, hot, graph, got 'warm' (cold: L2 flushed before each "
       "sample; hot: back to back; graph: CUDA graph replay)"},
      {"[[select]]\ntiming = \"lukewarm\"\n",
       "t.toml:2:10: [[select]] timing must be one of cold, hot, graph, got 'lukewarm' (cold: L2 flushed before "
       "each sample; hot: back to back; graph: CUDA graph replay)"},
      {"[bench]\nnoise_target = 1\n",
       "t.toml:2:16: [bench] noise_target must be between 0 and 1 (exclusive), got 1; it is the relative standard "
       "deviation at which GPU sampling stops, e.g. 0.005 for 0.5%"},
      {"[bench]\ntime_budget = 0\n", "t.toml:2:15: [bench] time_budget must be > 0 seconds, got 0"},
      {"[bench]\nmin_effect = 0\n",
       "t.toml:2:14: [bench] min_effect must be between 0 and 1 (exclusive), got 0; it is a relative change, e.g. "
       "0.05 for 5%"},
      {"[bench]\nmin_effect = 1.5\n",
       "t.toml:2:14: [bench] min_effect must be between 0 and 1 (exclusive), got 1.5; it is a relative change, "
       "e.g. 0.05 for 5%"},
      {"[[select]]\nplugin = \"\"\n",
       "t.toml:2:10: [[select]] plugin must not be empty; use \"*\" to select every plugin"},
      {"[suite]\nmemory_limit = -2\n", "t.toml:2:16: [suite] memory_limit must be >= 0 GB (0 = no limit), got -2"},
      {"[suite]\nmemory_limit = inf\n", "t.toml:2:16: [suite] memory_limit must be a finite number, got inf"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.text);
    std::string text = c.text;
    if (text.find("select") == std::string::npos) text += "[[select]]\n";
    EXPECT_EQ(std::string(parse_error(text).what()), c.what);
  }
}

TEST(SuiteErrors, NoSelect) {
  const char* const message =
      "suite selects nothing: add a [[select]] table (plugin = \"*\" selects every plugin) or a [[gbench]] table";
  SuiteError e = parse_error("[suite]\nname = \"x\"\n\n[bench]\nwarmup = 0\n", "s.toml");
  EXPECT_EQ(e.where().str(), "s.toml:1:1");
  EXPECT_EQ(e.message(), message);
  EXPECT_EQ(std::string(e.what()), std::string("s.toml:1:1: ") + message);
  e = parse_error("", "empty.toml");
  EXPECT_EQ(std::string(e.what()), std::string("empty.toml:1:1: ") + message);
  e = parse_error("\nselect = []\n");
  EXPECT_EQ(std::string(e.what()), std::string("t.toml:2:10: ") + message);
}

TEST(SuiteParser, GbenchTables) {
  // No [[select]] needed; a relative binary is from the suite's folder, the name defaults to its file name.
  const SuiteSpec s = parse_suite("[[gbench]]\nbinary = \"../bin/old_bench\"\n"
                                  "[[gbench]]\nbinary = \"/opt/b/new_bench\"\nfilter = \"BM_Sum\"\nname = \"sum\"\n",
                                  "suites/g.toml");
  ASSERT_EQ(s.gbench.size(), 2u);
  EXPECT_TRUE(s.selections.empty());
  EXPECT_EQ(s.gbench[0].binary, "bin/old_bench");
  EXPECT_EQ(s.gbench[0].filter, "");
  EXPECT_EQ(s.gbench[0].name, "old_bench");
  EXPECT_EQ(s.gbench[0].where.str(), "suites/g.toml:1:1");
  EXPECT_EQ(s.gbench[1].binary, "/opt/b/new_bench");
  EXPECT_EQ(s.gbench[1].filter, "BM_Sum");
  EXPECT_EQ(s.gbench[1].name, "sum");
}

TEST(SuiteErrors, GbenchTables) {
  EXPECT_EQ(std::string(parse_error("[[gbench]]\nbinary = 3\n").what()),
            "t.toml:2:10: [[gbench]] binary must be a string, got integer");
  EXPECT_EQ(std::string(parse_error("\n[[gbench]]\nfilter = \"x\"\n").what()),
            "t.toml:2:1: [[gbench]] needs binary (the Google Benchmark executable's path)");
  EXPECT_EQ(std::string(parse_error("[[gbench]]\nbinary = \"b\"\nfilter = 1\n").what()),
            "t.toml:3:10: [[gbench]] filter must be a string, got integer");
  EXPECT_EQ(std::string(parse_error("[[gbench]]\nbinary = \"\"\n").what()), "t.toml:2:10: [[gbench]] binary must not be empty");
  EXPECT_EQ(std::string(parse_error("[[gbench]]\nbinary = \"b\"\nnmae = \"x\"\n").what()),
            "t.toml:3:1: unknown key 'nmae' in [[gbench]]; valid keys: binary, filter, name; did you mean 'name'?");
  EXPECT_EQ(std::string(parse_error("gbench = [1]\n").what()),
            "t.toml:1:11: gbench must be an array of tables: write [[gbench]] (two brackets), got a list of integer");
  // A [[peer]] still needs a [[select]]: [[gbench]] lifts the requirement only for itself.
  EXPECT_NE(std::string(parse_error("[[peer]]\nname = \"p\"\nplugin = \"k\"\nworkload = \"w\"\ncommand = [\"x\"]\n").what())
                .find("suite selects nothing"),
            std::string::npos);
}

// --- files -------------------------------------------------------------------

class TempDir : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("crucible_suite_test_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::filesystem::path dir_;
};

TEST_F(TempDir, LoadSuiteReadsFile) {
  const std::string path = (dir_ / "smoke.toml").string();
  std::ofstream(path) << "[bench]\ntiming = \"cold\"\n[[select]]\nplugin = \"kato\"\n";
  const SuiteSpec s = load_suite(path);
  EXPECT_EQ(s.name, "smoke");
  EXPECT_EQ(s.path, path);
  EXPECT_EQ(s.bench.timing, "cold");
  ASSERT_EQ(s.selections.size(), 1u);
  EXPECT_EQ(s.selections[0].plugin, "kato");
  EXPECT_EQ(s.selections[0].where.str(), path + ":3:1");
}

TEST_F(TempDir, LoadSuiteErrorsNameTheFile) {
  const std::string path = (dir_ / "broken.toml").string();
  std::ofstream(path) << "[[select]]\nplugin = \"kato\"\n[bench]\ncases = 3\n";
  try {
    load_suite(path);
    FAIL() << "expected SuiteError";
  } catch (const SuiteError& e) {
    EXPECT_EQ(e.where().str(), path + ":4:1");
  }
}

TEST_F(TempDir, MissingFile) {
  const std::string path = (dir_ / "nope.toml").string();
  try {
    load_suite(path);
    FAIL() << "expected SuiteError";
  } catch (const SuiteError& e) {
    EXPECT_EQ(std::string(e.what()), path + ": cannot read suite file: " + std::strerror(ENOENT));
    EXPECT_EQ(e.where().path, path);
    EXPECT_EQ(e.where().line, 0);
  }
}

TEST_F(TempDir, DirectoryIsUnreadable) {
  try {
    load_suite(dir_.string());
    FAIL() << "expected SuiteError";
  } catch (const SuiteError& e) {
    EXPECT_EQ(std::string(e.what()), dir_.string() + ": cannot read suite file: " + std::strerror(EISDIR));
  }
}

}  // namespace
}  // namespace crucible
