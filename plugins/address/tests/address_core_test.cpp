#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "address/batch.hpp"
#include "address/csv.hpp"
#include "address/embedded_data.hpp"
#include "address/evaluate.hpp"
#include "address/generator.hpp"
#include "address/model.hpp"
#include "address/parse_core.hpp"
#include "address/train.hpp"
#include "address_command.hpp"
#include "parse_config.hpp"

using namespace address;

namespace {
std::string field(const std::string& text, const ParseResult& r, Label l) {
  return text.substr(r.start[l - 1], r.len[l - 1]);
}
ParseResult parse(const std::string& text, std::uint32_t hint = 0) {
  ParseResult r;
  parse_one(builtin_model().view(), text.data(), static_cast<int>(text.size()), hint, r);
  return r;
}
}  // namespace

TEST(Gazetteer, BuiltInHoldsTheDirectory) {
  const auto& g = builtin_gazetteer();
  EXPECT_EQ(g.states.size(), 35u);
  EXPECT_EQ(g.pins.size(), 19097u);
  EXPECT_GT(g.districts.size(), 600u);
  std::uint32_t at = 0;
  ASSERT_TRUE(is_known_pin(builtin_model().view(), 110001, &at));
  EXPECT_EQ(g.states[builtin_model().view().pin_state[at]].name, "Delhi");
  EXPECT_FALSE(is_known_pin(builtin_model().view(), 999999, nullptr));
}

TEST(Gazetteer, BadLinesNameTheLine) {
  try {
    parse_gazetteer("S\t0\tGoa\tGA\nX\t1\n", "g.txt");
    FAIL();
  } catch (const GazetteerError& e) {
    EXPECT_STREQ(e.what(), "g.txt:2: unknown record type 'X'");
  }
}

TEST(Tokenize, SeparatorsAndCommas) {
  const std::string s = "Flat 301, h.no 3-4-56 ,MG Rd";
  Token t[kMaxTokens];
  bool trunc = false;
  const int n = tokenize(s.data(), static_cast<int>(s.size()), t, &trunc);
  ASSERT_EQ(n, 9);  // Flat 301 h no 3 4 56 MG Rd
  EXPECT_EQ(t[0].sep, kSepNone);
  EXPECT_EQ(t[2].sep, kSepComma);  // h
  EXPECT_EQ(t[3].sep, kSepOther);  // no
  EXPECT_EQ(t[7].sep, kSepComma);  // MG
  EXPECT_EQ(s.substr(t[8].begin, t[8].end - t[8].begin), "Rd");
}

TEST(Tokenize, Utf8Validation) {
  EXPECT_TRUE(valid_utf8("\xe0\xa4\xa6\xe0\xa4\xbf", 6));
  EXPECT_FALSE(valid_utf8("\xc0\xaf", 2));          // overlong
  EXPECT_FALSE(valid_utf8("\xed\xa0\x80", 3));      // surrogate
  EXPECT_FALSE(valid_utf8("\xe0\xa4", 2));          // truncated
}

TEST(Parse, BadInputGetsAStatus) {
  EXPECT_EQ(parse("").status, kEmptyText);
  EXPECT_EQ(parse(" ,, ").status, kEmptyText);
  EXPECT_EQ(parse(std::string(2000, 'a')).status, kTooLong);
  EXPECT_EQ(parse("flat 3 \xff pune").status, kInvalidUtf8);
  EXPECT_EQ(parse("").flags & kSuccess, 0);
}

TEST(Parse, TextPinAndInferences) {
  const std::string s = "flat no 12, shanti residency, near bus stand, koregaon park, maharashtra 411001";
  const auto r = parse(s);
  EXPECT_EQ(field(s, r, kPin), "411001");
  EXPECT_EQ(r.pin, 411001u);
  EXPECT_EQ(field(s, r, kUnit), "flat no 12");
  EXPECT_EQ(field(s, r, kLandmark), "near bus stand");
  EXPECT_TRUE(r.flags & kSuccess);
  // District absent from the text: inferred from the PIN, flagged, never copied from the city.
  EXPECT_TRUE(r.flags & kDistrictInferred);
  ASSERT_NE(r.district, kNoId);
  EXPECT_EQ(builtin_gazetteer().districts[r.district].name, "Pune");
}

TEST(Parse, OnlySixDigitsArePin) {
  // The word before a PIN is never labelled PIN, whatever the weights say.
  for (const std::string s : {"koregaon park 411001", "sector 5 block c 110085", "mg road 560001 bangalore"}) {
    const auto r = parse(s);
    const std::string pin = field(s, r, kPin);
    EXPECT_EQ(pin.size(), 6u) << s;
    EXPECT_EQ(pin.find_first_not_of("0123456789"), std::string::npos) << s;
  }
}

TEST(Parse, HintIsUsedOnlyWhenKnown) {
  const auto a = parse("b-204 sai heights baner", 411045);
  EXPECT_EQ(a.pin, 411045u);
  EXPECT_TRUE(a.flags & kPinInferred);
  const auto b = parse("b-204 sai heights baner", 999999);
  EXPECT_EQ(b.pin, 0u);
  EXPECT_EQ(b.district, kNoId);
}

TEST(Parse, EveryIsaPathGivesTheScalarBytes) {
  Batch b;
  Generator gen(builtin_gazetteer(), {11, Templates::all, true});
  for (int i = 0; i < 3000; ++i) {
    const auto s = gen.next();
    b.add(s.text, i % 3 ? s.pin_hint : 0u);
  }
  b.add("", 0);
  b.add("koregaon park 411001", 0);
  b.add(std::string(200, 'x') + " " + std::string(300, '1'), 110001);
  // The shipped weights, and weights of a few values so that Viterbi ties are everywhere
  // (the tie-break must be the scalar one: the lowest predecessor wins).
  Weights tied;
  std::mt19937 rng(5);
  for (auto& v : tied.table) v = static_cast<std::int16_t>(rng() % 3) - 1;
  for (auto& v : tied.trans) v = static_cast<std::int16_t>(rng() % 2);
  const Model tie_model(builtin_gazetteer(), tied);
  for (const Model* model : {&builtin_model(), &tie_model}) {
    std::vector<ParseResult> scalar(b.size());
    parse_range(model->view(), b, 0, b.size(), scalar.data());
    for (const auto isa : {Isa::avx2, Isa::avx512}) {
      if (!isa_supported(isa)) {
        std::printf("%s: not on this CPU, not tested\n", isa_name(isa));
        continue;
      }
      std::vector<ParseResult> r(b.size());
      parse_range(model->view(), b, 0, b.size(), r.data(), isa);
      EXPECT_EQ(std::memcmp(r.data(), scalar.data(), r.size() * sizeof(ParseResult)), 0) << isa_name(isa);
    }
  }
}

TEST(Weights, FormatParsesBack) {
  Weights w;
  w.table[5 * kLanes + 3] = -7;
  w.trans[2 * kLanes + 11] = 300;
  w.start[1] = 9;
  w.end[4] = -2;
  const Weights back = parse_weights(format_weights(w), "w");
  EXPECT_EQ(back.table, w.table);
  EXPECT_EQ(back.trans, w.trans);
  EXPECT_EQ(back.start, w.start);
  EXPECT_EQ(back.end, w.end);
  EXPECT_THROW(parse_weights("crucible-address-weights 1\nW 5 12 1\n", "w"), WeightsError);
  EXPECT_THROW(parse_weights("nonsense\n", "w"), WeightsError);
}

TEST(Train, DeterministicAndLearns) {
  const TrainOptions opt{7, 600, 2};
  const Weights a = train(builtin_gazetteer(), opt);
  const Weights b = train(builtin_gazetteer(), opt);
  EXPECT_EQ(format_weights(a), format_weights(b));
  const Model m(builtin_gazetteer(), a);
  const auto ev = evaluate(m, 99, false, 300);
  EXPECT_GT(ev.micro().f1(), 0.5);  // a 600-address model already beats chance by far
}

TEST(Train, ShippedWeightsAreTheTrainersOutput) {
  // kernels/address/data/weights.txt is `crucible address train` with its defaults; a change to
  // the features, the decode or the generator must retrain it, or this fails.
  EXPECT_EQ(format_weights(train(builtin_gazetteer(), TrainOptions{})), std::string(embedded_weights()));
}

TEST(Generator, SeededAndLabelled) {
  Generator a(builtin_gazetteer(), {5, Templates::all, true}), b(builtin_gazetteer(), {5, Templates::all, true});
  for (int i = 0; i < 200; ++i) {
    const Sample x = a.next(), y = b.next();
    ASSERT_EQ(x.text, y.text);
    Token t[kMaxTokens];
    bool trunc = false;
    ASSERT_EQ(static_cast<int>(x.labels.size()), tokenize(x.text.data(), static_cast<int>(x.text.size()), t, &trunc));
    for (int f = 0; f < kFields; ++f)
      if (!x.gold[static_cast<std::size_t>(f)].empty()) {
        EXPECT_NE(x.text.find(x.gold[static_cast<std::size_t>(f)]), std::string::npos);
      }
  }
}

TEST(ShippedModel, PinIsFoundOnTheHeldOutSeed) {
  // A property of the shipped weights, loosely bounded (the measured value is in docs/address.md).
  const auto ev = evaluate(builtin_model(), 4242, false, 2000);
  EXPECT_GT(ev.fields[kPin - 1].f1(), 0.99);
  EXPECT_GT(ev.micro().f1(), 0.80);
}

TEST(Command, HelpAndUsageErrors) {
  std::ostringstream out, err;
  const char* help[] = {"--help"};
  EXPECT_EQ(address_command(1, help, out, err), 0);
  EXPECT_NE(out.str().find("address eval [--weights FILE]"), std::string::npos);
  const char* bad[] = {"frobnicate"};
  EXPECT_EQ(address_command(1, bad, out, err), 2);
  const char* badcount[] = {"eval", "--count", "x"};
  EXPECT_EQ(address_command(3, badcount, out, err), 2);
  const char* missing[] = {"eval", "--weights", "/nonexistent/w.txt"};
  EXPECT_EQ(address_command(3, missing, out, err), 2);
}

// --- CSV ---------------------------------------------------------------------------------

namespace {
std::vector<std::vector<std::string>> read_all(std::string_view data) {
  CsvReader r(data);
  std::vector<std::vector<std::string>> out;
  std::vector<std::string_view> f;
  while (r.next(f)) out.emplace_back(f.begin(), f.end());
  return out;
}
}  // namespace

TEST(Csv, WriterAndReaderRoundTripArbitraryFields) {
  std::mt19937_64 rng(42);
  const std::string alphabet = std::string("ab ,\"\r\n\t\xe0\xa4\xa6") + '\0';
  for (int round = 0; round < 2000; ++round) {
    std::vector<std::vector<std::string>> rows(1 + rng() % 5);
    const std::size_t width = 1 + rng() % 4;
    std::string csv;
    for (auto& row : rows) {
      for (std::size_t k = 0; k < width; ++k) {
        std::string f;
        for (std::size_t n = rng() % 8; n--;) f += alphabet[rng() % alphabet.size()];
        row.push_back(f);
      }
      append_csv_record(csv, std::vector<std::string_view>(row.begin(), row.end()));
    }
    ASSERT_EQ(read_all(csv), rows) << csv;
  }
}

TEST(Csv, AcceptsLfCrlfBomAndNamesTheLineOfErrors) {
  EXPECT_EQ(read_all("\xef\xbb\xbf" "a,b\nc,\"d\ne\"\r\nf,g"),
            (std::vector<std::vector<std::string>>{{"a", "b"}, {"c", "d\ne"}, {"f", "g"}}));
  try {
    read_all("a,b\n1,2\n3,\"open\nstill open\n");
    FAIL();
  } catch (const CsvError& e) {
    EXPECT_EQ(e.line, 3u);
    EXPECT_STREQ(e.what(), "line 3: quoted field never closed");
  }
  try {
    read_all("a,b\n\"x\"y,2\n");
    FAIL();
  } catch (const CsvError& e) {
    EXPECT_EQ(e.line, 2u);
  }
}

TEST(Csv, ResumesAtARecordOffset) {
  const std::string csv = "h1,h2\n1,\"a\nb\"\n2,c\n";
  CsvReader r(csv);
  std::vector<std::string_view> f;
  ASSERT_TRUE(r.next(f));
  ASSERT_TRUE(r.next(f));
  CsvReader again(csv, r.offset(), r.line());
  ASSERT_TRUE(again.next(f));
  EXPECT_EQ(f[1], "c");
  EXPECT_EQ(again.record_line(), 4u);
  EXPECT_FALSE(again.next(f));
}

TEST(Csv, MutatedInputsNeverCrash) {
  // A bounded, seeded mutation fuzzer (run under ASan in the asan configuration): every
  // mutation of a valid file either reads or fails with a CsvError naming a line in the file.
  std::string seed_file;
  Generator gen(builtin_gazetteer(), {3, Templates::all, true});
  append_csv_record(seed_file, {"addr_hash_key", "addr_text", "city_id", "pincode"});
  for (int i = 0; i < 20; ++i) {
    const auto s = gen.next();
    append_csv_record(seed_file, {"k\"" + std::to_string(i), s.text, "c,\n" + s.gold[kCity - 1], std::to_string(s.pin_hint)});
  }
  std::mt19937_64 rng(7);
  const char bytes[] = {'"', ',', '\n', '\r', 'a', '\0', '\xff'};
  for (int round = 0; round < 20000; ++round) {
    std::string m = seed_file;
    for (int k = 1 + static_cast<int>(rng() % 4); k--;) {
      const std::size_t at = rng() % (m.size() + 1);
      switch (rng() % 3) {
        case 0: m.insert(m.begin() + static_cast<std::ptrdiff_t>(at), bytes[rng() % sizeof bytes]); break;
        case 1: if (at < m.size()) m.erase(at, 1 + rng() % 8); break;
        default: m.resize(at); break;
      }
    }
    const std::uint64_t lines = static_cast<std::uint64_t>(std::count(m.begin(), m.end(), '\n')) + 1;
    try {
      CsvReader r(m);
      std::vector<std::string_view> f;
      while (r.next(f))
        for (const auto x : f) ASSERT_LE(x.size(), m.size());
    } catch (const CsvError& e) {
      ASSERT_GE(e.line, 1u);
      ASSERT_LE(e.line, lines);
    }
  }
}

// --- parse settings ------------------------------------------------------------------------

TEST(ParseConfig, FileErrorsNameTheLocation) {
  const auto dir = std::filesystem::temp_directory_path() / ("crucible-address-config-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  auto error_of = [&](const std::string& text) -> std::string {
    const auto f = dir / "c.toml";
    std::ofstream(f) << text;
    address_cli::ParseConfig c;
    try {
      address_cli::load_parse_config(f.string(), c);
    } catch (const address_cli::ConfigError& e) {
      return e.message.substr(e.message.find("c.toml"));
    }
    return "";
  };
  EXPECT_EQ(error_of("threads = 2\ngpu_share = 1.5\n"), "c.toml:2:13: gpu_share must be a number in [0, 1], got 1.5");
  EXPECT_EQ(error_of("chunk_rows = 2.5\n"), "c.toml:1:14: chunk_rows must be an integer in [1, 1e+07]");
  EXPECT_EQ(error_of("\nthreds = 2\n").rfind("c.toml:2:1: unknown key 'threds'", 0), 0u);
  EXPECT_EQ(error_of("threads = [\n").rfind("c.toml:1:", 0), 0u);
  EXPECT_EQ(error_of("device = \"tpu\"\n"), "c.toml:1:10: device must be auto, cpu or cuda, got 'tpu'");
  address_cli::ParseConfig c;
  EXPECT_EQ(error_of("threads = 3\nqueue_depth = 8\ndevice = \"cpu\"\n"), "");
  address_cli::load_parse_config((dir / "c.toml").string(), c);
  EXPECT_EQ(c.threads, 3u);
  EXPECT_EQ(c.queue_depth, 8u);
  EXPECT_TRUE(address_cli::set_parse_flag("--chunk-rows", "500", c));
  EXPECT_EQ(c.chunk_rows, 500u);
  EXPECT_THROW(address_cli::set_parse_flag("--threads", "-1", c), address_cli::ConfigError);
  EXPECT_FALSE(address_cli::set_parse_flag("--frobnicate", "1", c));
  std::filesystem::remove_all(dir);
}
