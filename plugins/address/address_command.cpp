#include "address_command.hpp"

#include <charconv>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include <crucible/atomic_file.hpp>

#include "address/evaluate.hpp"
#include "address/model.hpp"
#include "address/train.hpp"

namespace {

constexpr const char* kUsage =
    "usage: address eval [--weights FILE] [--count N]\n"
    "       address train --out FILE [--seed S] [--samples N] [--epochs E]\n"
    "\n"
    "  eval   parse synthetic addresses with known fields and print per-field precision,\n"
    "         recall and F1 and whole-address exact match, on two held-out sets: a seed the\n"
    "         weights were not trained on (training templates), and templates (field orderings)\n"
    "         never seen in training. --weights evaluates a weights file instead of the built-in\n"
    "         one; --count sets addresses per set (default 10000).\n"
    "  train  train the parser's weights (averaged perceptron, deterministic) on the synthetic\n"
    "         generator's training templates and write them atomically to FILE. Defaults:\n"
    "         --seed 1 --samples 30000 --epochs 6 (the shipped kernels/address/data/weights.txt).\n";

struct UsageError {
  std::string message;
};

unsigned long count(const std::string& flag, const std::string& v) {
  unsigned long n = 0;
  auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
  if (ec != std::errc{} || p != v.data() + v.size() || v.empty())
    throw UsageError{flag + ": not a non-negative integer: '" + v + "'"};
  return n;
}

void print_table(std::ostream& out, const char* title, const address::Evaluation& ev) {
  char line[160];
  out << title << " (" << ev.addresses << " addresses)\n";
  out << "| field | precision | recall | F1 | gold count |\n|---|---|---|---|---|\n";
  for (int f = 0; f < address::kFields; ++f) {
    const auto& s = ev.fields[static_cast<std::size_t>(f)];
    std::snprintf(line, sizeof line, "| %s | %.4f | %.4f | %.4f | %llu |\n", address::kFieldNames[f], s.precision(),
                  s.recall(), s.f1(), static_cast<unsigned long long>(s.tp + s.fn));
    out << line;
  }
  const auto m = ev.micro();
  std::snprintf(line, sizeof line, "| micro average | %.4f | %.4f | %.4f | %llu |\n", m.precision(), m.recall(), m.f1(),
                static_cast<unsigned long long>(m.tp + m.fn));
  out << line;
  std::snprintf(line, sizeof line, "whole-address exact match: %.4f (%llu of %llu)\n\n",
                ev.addresses ? double(ev.exact) / double(ev.addresses) : 0.0, static_cast<unsigned long long>(ev.exact),
                static_cast<unsigned long long>(ev.addresses));
  out << line;
}

int eval(int argc, const char* const* argv, std::ostream& out) {
  std::string weights_file;
  int n = 10000;
  for (int k = 1; k < argc; ++k) {
    const std::string arg = argv[k];
    auto value = [&]() -> std::string {
      if (k + 1 >= argc) throw UsageError{arg + " needs a value"};
      return argv[++k];
    };
    if (arg == "--weights") weights_file = value();
    else if (arg == "--count") {
      n = static_cast<int>(count(arg, value()));
      if (n < 1 || n > 10000000) throw UsageError{"--count must be in [1, 10000000]"};
    } else throw UsageError{"unexpected argument '" + arg + "'"};
  }
  std::unique_ptr<address::Model> own;
  const address::Model* model = &address::builtin_model();
  if (!weights_file.empty()) {
    std::ifstream in(weights_file, std::ios::binary);
    if (!in) throw UsageError{weights_file + ": cannot open"};
    std::stringstream ss;
    ss << in.rdbuf();
    own = std::make_unique<address::Model>(address::builtin_gazetteer(), address::parse_weights(ss.str(), weights_file));
    model = own.get();
  }
  // Training uses seed 1 and templates 0-6; these seeds and templates are not seen there.
  print_table(out, "Held-out seed (seed 1001, training templates)", address::evaluate(*model, 1001, false, n));
  print_table(out, "Held-out templates (seed 1002, templates never trained on)", address::evaluate(*model, 1002, true, n));
  out << "Scored: fields found in the text, normalised (case, spaces, edge punctuation); fields inferred\n"
         "from the PIN are flagged and not scored.\n";
  return 0;
}

int train(int argc, const char* const* argv, std::ostream& out) {
  address::TrainOptions opt;
  std::string file;
  for (int k = 1; k < argc; ++k) {
    const std::string arg = argv[k];
    auto value = [&]() -> std::string {
      if (k + 1 >= argc) throw UsageError{arg + " needs a value"};
      return argv[++k];
    };
    if (arg == "--out") file = value();
    else if (arg == "--seed") opt.seed = count(arg, value());
    else if (arg == "--samples") opt.samples = static_cast<int>(count(arg, value()));
    else if (arg == "--epochs") opt.epochs = static_cast<int>(count(arg, value()));
    else throw UsageError{"unexpected argument '" + arg + "'"};
  }
  if (file.empty()) throw UsageError{"train needs --out FILE"};
  if (opt.samples < 1 || opt.samples > 2000000) throw UsageError{"--samples must be in [1, 2000000]"};
  if (opt.epochs < 1 || opt.epochs > 100) throw UsageError{"--epochs must be in [1, 100]"};
  const address::Weights w = address::train(address::builtin_gazetteer(), opt, &out);
  crucible::write_file_atomically(file, address::format_weights(w));
  out << "wrote " << file << '\n';
  return 0;
}

}  // namespace

int address_command(int argc, const char* const* argv, std::ostream& out, std::ostream& err) {
  const std::string sub = argc > 0 && argv[0] ? argv[0] : "";
  try {
    if (sub.empty() || sub == "--help" || sub == "-h" || sub == "help") {
      (sub.empty() ? err : out) << kUsage;
      return sub.empty() ? 2 : 0;
    }
    for (int k = 1; k < argc; ++k)
      if (std::string(argv[k]) == "--help" || std::string(argv[k]) == "-h") {
        out << kUsage;
        return 0;
      }
    if (sub == "eval") return eval(argc, argv, out);
    if (sub == "train") return train(argc, argv, out);
    throw UsageError{"unknown subcommand '" + sub + "' (try --help)"};
  } catch (const UsageError& e) {
    err << "address " << sub << ": " << e.message << '\n';
    return 2;
  } catch (const address::WeightsError& e) {
    err << "address " << sub << ": " << e.what() << '\n';
    return 2;
  } catch (const std::exception& e) {
    err << "address " << sub << ": " << e.what() << '\n';
    return 3;
  }
}

int address_command(int argc, const char* const* argv) { return address_command(argc, argv, std::cout, std::cerr); }
