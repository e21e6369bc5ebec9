#include "kato_command.hpp"

#include <charconv>
#include <filesystem>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include <crucible/atomic_file.hpp>
#include <crucible/command_errors.hpp>

#include "kato/kato.hpp"

namespace {

constexpr const char* kUsage =
    "usage: kato predict KB.jsonl --state STATE.json [--threshold 0.1] [--max 100] [--device cpu|cuda]\n"
    "                    [--threads N] [--no-sort]\n"
    "       kato learn KB.jsonl --stm STM.json [--no-sort]\n"
    "\n"
    "  predict  match the state (a JSON array of events, each an array of strings) against every\n"
    "           pattern of the knowledge base and print KATO's predictions as JSON, ranked by\n"
    "           potential (ties: pattern name ascending).\n"
    "  learn    learn the STM (same format) as one pattern (KATO: needs >= 2 symbols) and rewrite\n"
    "           the knowledge base; prints PTRN|<name>. A missing KB file starts an empty one.\n"
    "Events are normalised as KATO observes them: symbols sorted, VCTR| symbols first, empty\n"
    "events dropped. --no-sort is KATO's sort_symbols=False: symbols keep their given order\n"
    "(VCTR| symbols still first). Matching compares symbols in order, so query a knowledge\n"
    "base the way it was learned. KB files ending in .kbin use the binary form, others JSON\n"
    "Lines.\n";

using crucible::UsageError;

bool is_binary(const std::string& path) { return path.size() > 5 && path.ends_with(".kbin"); }

kato::KnowledgeBase load_kb(const std::string& path) {
  return is_binary(path) ? kato::load_binary(path) : kato::load_jsonl(path);
}

double parse_double(const std::string& flag, const std::string& v) {
  try {
    std::size_t used = 0;
    const double d = std::stod(v, &used);
    if (used == v.size()) return d;
  } catch (const std::exception&) {
  }
  throw UsageError(flag + ": not a number: '" + v + "'");
}

unsigned long parse_count(const std::string& flag, const std::string& v) {
  unsigned long n = 0;
  auto [ptr, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
  if (ec != std::errc{} || ptr != v.data() + v.size()) throw UsageError(flag + ": not a non-negative integer: '" + v + "'");
  return n;
}

struct Args {
  std::string kb;
  std::optional<std::string> state, stm;
  double threshold = 0.1;
  std::size_t max = 100;
  std::string device = "cpu";
  unsigned threads = 0;
  kato::ObserveOptions observe;
};

Args parse(int argc, const char* const* argv) {
  Args a;
  for (int k = 1; k < argc; ++k) {
    const std::string arg = argv[k];
    auto value = [&]() -> std::string {
      if (k + 1 >= argc) throw UsageError(arg + " needs a value");
      return argv[++k];
    };
    if (arg == "--state") a.state = value();
    else if (arg == "--stm") a.stm = value();
    else if (arg == "--threshold") a.threshold = parse_double(arg, value());
    else if (arg == "--max") a.max = parse_count(arg, value());
    else if (arg == "--device") a.device = value();
    else if (arg == "--threads") a.threads = static_cast<unsigned>(parse_count(arg, value()));
    else if (arg == "--no-sort") a.observe.sort_symbols = false;
    else if (arg.starts_with("--no-sort=")) throw UsageError("--no-sort takes no value");
    else if (arg.starts_with("--")) throw UsageError("unknown option " + arg);
    else if (a.kb.empty()) a.kb = arg;
    else throw UsageError("unexpected argument '" + arg + "'");
  }
  if (a.kb.empty()) throw UsageError("missing knowledge base file");
  return a;
}

int predict(const Args& a, std::ostream& out) {
  if (!a.state) throw UsageError("predict needs --state STATE.json");
  if (!(a.threshold >= 0.0 && a.threshold <= 1.0)) throw UsageError("--threshold must be in [0, 1]");
  if (a.max < 1 || a.max > 10000) throw UsageError("--max must be in [1, 10000]");
  if (a.device != "cpu" && a.device != "cuda") throw UsageError("--device must be cpu or cuda");
  const kato::KnowledgeBase kb = load_kb(a.kb);
  const kato::Events state = kato::observe_events(kato::load_events_json(*a.state), a.observe);
  const kato::Query q = kato::make_query(kb.vocabulary(), state);
  const kato::MatchOptions opt{a.threshold, a.max};
  kato::MatchResult r;
  if (a.device == "cuda") {
    std::string why;
    auto dev = kato::CudaPatternStore::create(&why);
    if (!dev) throw crucible::ResourceError("--device cuda: " + why);  // this machine cannot run it
    r = kato::match_kb(kb, q, opt, kato::Variant::cuda, a.threads, dev.get());
  } else {
    r = kato::match_kb(kb, q, opt, kato::Variant::cpu_fast, a.threads);
  }
  out << kato::predictions_json(r.predictions, 2) << '\n';
  return 0;
}

int learn(const Args& a, std::ostream& out) {
  if (!a.stm) throw UsageError("learn needs --stm STM.json");
  kato::KnowledgeBase kb = std::filesystem::exists(a.kb) ? load_kb(a.kb) : kato::KnowledgeBase{};
  const kato::Events stm = kato::observe_events(kato::load_events_json(*a.stm), a.observe);
  const std::string id = kb.learn(stm);
  if (id.empty()) {
    out << "not learned: the STM holds fewer than 2 symbols\n";
    return 0;
  }
  // Atomically: killed mid-write, the old knowledge base stays whole.
  crucible::write_file_atomically(a.kb, is_binary(a.kb) ? kato::to_binary(kb) : kato::to_jsonl(kb));
  out << id << '\n';
  return 0;
}

int dispatch(const std::string& sub, int argc, const char* const* argv, std::ostream& out) {
  if (sub.empty()) throw UsageError("missing subcommand: predict or learn (try --help)");
  if (sub == "--help" || sub == "-h" || sub == "help") {
    out << kUsage;
    return crucible::exit_code::ok;
  }
  for (int k = 1; k < argc; ++k) {
    const std::string arg = argv[k];
    if (arg == "--help" || arg == "-h") {
      out << kUsage;
      return crucible::exit_code::ok;
    }
  }
  if (sub != "predict" && sub != "learn") throw UsageError("unknown subcommand '" + sub + "' (try --help)");
  const Args a = parse(argc, argv);
  return sub == "predict" ? predict(a, out) : learn(a, out);
}

}  // namespace

int kato_command(int argc, const char* const* argv, std::ostream& out, std::ostream& err) {
  const std::string sub = argc > 0 && argv[0] ? argv[0] : "";
  return crucible::run_command(sub.empty() ? "kato" : "kato " + sub, err, [&] {
    try {
      return dispatch(sub, argc, argv, out);
    } catch (const kato::KbError& e) {  // a bad knowledge base or state file: the user's input
      throw crucible::InputError(e.what());
    } catch (const kato::QueryTooLong& e) {
      throw crucible::InputError(e.what());
    }
  });
}

int kato_command(int argc, const char* const* argv) { return kato_command(argc, argv, std::cout, std::cerr); }
