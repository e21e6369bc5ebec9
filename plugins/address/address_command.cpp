#include "address_command.hpp"

#include <charconv>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include <crucible/atomic_file.hpp>
#include <crucible/command_errors.hpp>

#include "address/evaluate.hpp"
#include "address/model.hpp"
#include "address/train.hpp"
#include "parse_command.hpp"

namespace {

constexpr const char* kUsage =
    "usage: address parse IN.csv... --out DIR [--config FILE] [--threads N] [--chunk-rows N]\n"
    "                     [--device auto|cpu|cuda] [--gpu-share F] [--gpu-batch N] [--queue-depth N]\n"
    "                     [--memory-ceiling-mb MB] [--status-interval S] [--quiet]\n"
    "       address generate --rows N --out FILE [--seed S]\n"
    "       address eval [--weights FILE] [--count N]\n"
    "       address train --out FILE [--seed S] [--samples N] [--epochs E]\n"
    "\n"
    "  parse  parse the addresses of CSV files (RFC 4180, UTF-8; required columns addr_text,\n"
    "         pincode, city_id; other columns are carried through) into DIR: per input\n"
    "         BASE_processed_TIMESTAMP.csv (the input's columns, parsed_unit_number ...\n"
    "         parsed_pin_code, parsed_note, parse_success, parse_error, processed_by_device) and a\n"
    "         .json beside it (counts, errors, rows/s, devices, the configuration used).\n"
    "         Resumable: a run stopped anywhere, kill -9 included, continues after the last\n"
    "         chunk written when run again with the same arguments, and its outputs are\n"
    "         byte-identical to an uninterrupted run's; completed files are skipped.\n"
    "         A bad row (wrong field count, empty, over 1024 bytes, invalid UTF-8) gets a\n"
    "         parse_error and the run goes on; a malformed file stops with its line, and the\n"
    "         other files go on (exit 2 at the end). Settings come from --config FILE (TOML,\n"
    "         keys threads, chunk_rows, device, gpu_share, gpu_batch, queue_depth,\n"
    "         memory_ceiling_mb, status_interval), then flags. Defaults: one thread per hardware\n"
    "         thread, 16384-row chunks, 4 chunks read ahead within 1024 MB, the GPU when one is\n"
    "         found with 0.9 of each chunk, a status line every 10 s when stderr is not a\n"
    "         terminal (a progress bar when it is).\n"
    "  generate  write N synthetic addresses (the parser's generator, seeded) as an input CSV.\n"
    "  eval   parse synthetic addresses with known fields and print per-field precision,\n"
    "         recall and F1 and whole-address exact match, on two held-out sets: a seed the\n"
    "         weights were not trained on (training templates), and templates (field orderings)\n"
    "         never seen in training. --weights evaluates a weights file instead of the built-in\n"
    "         one; --count sets addresses per set (default 10000).\n"
    "  train  train the parser's weights (averaged perceptron, deterministic) on the synthetic\n"
    "         generator's training templates and write them atomically to FILE. Defaults:\n"
    "         --seed 1 --samples 30000 --epochs 6 (the shipped kernels/address/data/weights.txt).\n";

using crucible::UsageError;

unsigned long count(const std::string& flag, const std::string& v) {
  unsigned long n = 0;
  auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
  if (ec != std::errc{} || p != v.data() + v.size() || v.empty())
    throw UsageError(flag + ": not a non-negative integer: '" + v + "'");
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
      if (k + 1 >= argc) throw UsageError(arg + " needs a value");
      return argv[++k];
    };
    if (arg == "--weights") weights_file = value();
    else if (arg == "--count") {
      n = static_cast<int>(count(arg, value()));
      if (n < 1 || n > 10000000) throw UsageError("--count must be in [1, 10000000]");
    } else throw UsageError("unexpected argument '" + arg + "'");
  }
  std::unique_ptr<address::Model> own;
  const address::Model* model = &address::builtin_model();
  if (!weights_file.empty()) {
    std::ifstream in(weights_file, std::ios::binary);
    if (!in) throw UsageError(weights_file + ": cannot open");
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
      if (k + 1 >= argc) throw UsageError(arg + " needs a value");
      return argv[++k];
    };
    if (arg == "--out") file = value();
    else if (arg == "--seed") opt.seed = count(arg, value());
    else if (arg == "--samples") opt.samples = static_cast<int>(count(arg, value()));
    else if (arg == "--epochs") opt.epochs = static_cast<int>(count(arg, value()));
    else throw UsageError("unexpected argument '" + arg + "'");
  }
  if (file.empty()) throw UsageError("train needs --out FILE");
  if (opt.samples < 1 || opt.samples > 2000000) throw UsageError("--samples must be in [1, 2000000]");
  if (opt.epochs < 1 || opt.epochs > 100) throw UsageError("--epochs must be in [1, 100]");
  const address::Weights w = address::train(address::builtin_gazetteer(), opt, &out);
  crucible::write_file_atomically(file, address::format_weights(w));
  out << "wrote " << file << '\n';
  return 0;
}

}  // namespace

int address_command(int argc, const char* const* argv, std::ostream& out, std::ostream& err) {
  const std::string sub = argc > 0 && argv[0] ? argv[0] : "";
  if (sub.empty()) {
    err << "address: missing subcommand: parse, generate, eval or train (try --help)\n";
    return crucible::exit_code::usage;
  }
  if (sub == "--help" || sub == "-h" || sub == "help") {
    out << kUsage;
    return crucible::exit_code::ok;
  }
  for (int k = 1; k < argc; ++k)
    if (std::string(argv[k]) == "--help" || std::string(argv[k]) == "-h") {
      out << kUsage;
      return crucible::exit_code::ok;
    }
  return crucible::run_command("address " + sub, err, [&] {
    try {
      if (sub == "parse") return address_cli::parse_command(argc, argv, out, err);
      if (sub == "generate") return address_cli::generate_command(argc, argv, out);
      if (sub == "eval") return eval(argc, argv, out);
      if (sub == "train") return train(argc, argv, out);
    } catch (const address::WeightsError& e) {
      throw crucible::InputError(e.what());
    }
    throw UsageError("unknown subcommand '" + sub + "' (try --help)");
  });
}

int address_command(int argc, const char* const* argv) { return address_command(argc, argv, std::cout, std::cerr); }
