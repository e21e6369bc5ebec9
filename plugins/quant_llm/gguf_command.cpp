#include "gguf_command.hpp"

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include <crucible/command_errors.hpp>

#include "quant_llm/gguf.hpp"
#include "quant_llm/llama.hpp"
#include "quant_llm/quantize.hpp"
#include "quant_llm/synth.hpp"

namespace quant_llm {
namespace {

const char* kUsage =
    "usage:\n"
    "  crucible gguf info FILE                     metadata and tensor table\n"
    "  crucible gguf dequant FILE TENSOR [--out F.f32]\n"
    "                                              write a tensor as little-endian float32\n"
    "  crucible gguf synth --arch llama --preset tiny|tinyllama --mix q4_k_m|q4_0|q8_0|f16\n"
    "                      [--seed N] [--threads N] --out FILE\n"
    "                                              a Llama model with seeded random weights\n"
    "  crucible gguf generate FILE [--prompt N] [--gen N] [--threads N] [--rss-every N]\n"
    "                                              greedy decode on the CPU: tokens/s, GB/s, RSS\n";

struct Args {
  std::vector<std::string> positional;
  std::map<std::string, std::string> options;
};

Args parse(int argc, const char* const* argv, std::initializer_list<const char*> known) {
  Args a;
  for (int i = 1; i < argc; ++i) {
    std::string s = argv[i];
    if (s.rfind("--", 0) == 0) {
      bool ok = false;
      for (const char* k : known) ok = ok || s == k;
      if (!ok) throw std::invalid_argument("unknown option " + s);
      if (i + 1 >= argc) throw std::invalid_argument("option " + s + " needs a value");
      a.options[s] = argv[++i];
    } else {
      a.positional.push_back(s);
    }
  }
  return a;
}

std::int64_t int_option(const Args& a, const std::string& name, std::int64_t fallback) {
  auto it = a.options.find(name);
  if (it == a.options.end()) return fallback;
  try {
    std::size_t used = 0;
    const long long v = std::stoll(it->second, &used);
    if (used != it->second.size() || v < 0) throw std::invalid_argument("");
    return v;
  } catch (const std::exception&) {
    throw std::invalid_argument("option " + name + " needs a non-negative integer, got '" + it->second + "'");
  }
}

int info(const Args& a) {
  if (a.positional.size() != 1) throw std::invalid_argument("info needs exactly one FILE");
  const auto f = quant::GgufFile::open(a.positional[0]);
  std::printf("file:       %s\n", f.path().c_str());
  std::printf("version:    %u\nalignment:  %llu\ndata start: %llu\nfile size:  %llu\n", f.version(),
              static_cast<unsigned long long>(f.alignment()), static_cast<unsigned long long>(f.data_start()),
              static_cast<unsigned long long>(f.file_size()));
  std::printf("\n%zu metadata keys:\n", f.kvs().size());
  for (const auto& [k, v] : f.kvs()) {
    std::printf("  %-45s %-8s %s\n", k.c_str(), quant::gguf_type_name(static_cast<std::uint32_t>(v.type)),
                v.to_display().c_str());
  }
  std::printf("\n%zu tensors:\n  %-32s %-6s %-22s %14s %14s\n", f.tensors().size(), "name", "type", "shape (ne)",
              "offset", "bytes");
  std::map<std::string, std::uint64_t> by_type;
  std::uint64_t total = 0;
  for (const auto& t : f.tensors()) {
    std::string shape = "[";
    for (std::uint32_t d = 0; d < std::max<std::uint32_t>(1, t.n_dims); ++d) {
      shape += (d ? ", " : "") + std::to_string(t.ne[d]);
    }
    shape += "]";
    std::printf("  %-32s %-6s %-22s %14llu %14llu\n", t.name.c_str(), quant::type_name(t.type).c_str(), shape.c_str(),
                static_cast<unsigned long long>(t.offset), static_cast<unsigned long long>(t.nbytes));
    by_type[quant::type_name(t.type)] += t.nbytes;
    total += t.nbytes;
  }
  std::printf("\ntensor bytes: %llu (%.2f MiB)", static_cast<unsigned long long>(total), static_cast<double>(total) / 1048576.0);
  for (const auto& [t, b] : by_type) std::printf("  %s %llu", t.c_str(), static_cast<unsigned long long>(b));
  std::printf("\n");
  return 0;
}

int dequant(const Args& a) {
  if (a.positional.size() != 2) throw std::invalid_argument("dequant needs FILE and TENSOR");
  const auto f = quant::GgufFile::open(a.positional[0]);
  const auto& t = f.tensor(a.positional[1]);
  const auto it = a.options.find("--out");
  const std::string out = it != a.options.end() ? it->second : t.name + ".f32";
  const auto y = quant::dequantize(t.type, std::span(t.data, t.nbytes), t.n_elems);
  std::ofstream o(out, std::ios::binary | std::ios::trunc);
  o.write(reinterpret_cast<const char*>(y.data()), static_cast<std::streamsize>(y.size() * sizeof(float)));
  if (!o) throw std::runtime_error(out + ": write failed");
  std::printf("%s: %s %s, %lld values -> %s\n", f.path().c_str(), t.name.c_str(), quant::type_name(t.type).c_str(),
              static_cast<long long>(t.n_elems), out.c_str());
  return 0;
}

int synth(const Args& a) {
  if (!a.positional.empty()) throw std::invalid_argument("synth takes options only");
  const auto get = [&](const std::string& k, const std::string& fallback) {
    auto it = a.options.find(k);
    return it == a.options.end() ? fallback : it->second;
  };
  if (get("--arch", "llama") != "llama") throw std::invalid_argument("only --arch llama is supported");
  const std::string out = get("--out", "");
  if (out.empty()) throw std::invalid_argument("synth needs --out FILE");
  quant::SynthOptions o;
  o.preset = get("--preset", "tiny");
  o.mix = get("--mix", "q4_k_m");
  o.seed = static_cast<std::uint64_t>(int_option(a, "--seed", 1));
  o.threads = static_cast<unsigned>(int_option(a, "--threads", 2));
  const auto t0 = std::chrono::steady_clock::now();
  const auto w = quant::synth_llama(o);
  w.write(out);
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const auto f = quant::GgufFile::open(out);  // read back: the file we wrote must validate
  std::printf("%s: preset %s, mix %s, seed %llu, %zu tensors, %llu bytes, %.1f s\n", out.c_str(), o.preset.c_str(),
              o.mix.c_str(), static_cast<unsigned long long>(o.seed), f.tensors().size(),
              static_cast<unsigned long long>(f.file_size()), s);
  return 0;
}

// Resident memory split into anonymous (heap, KV cache) and file-backed (the mmapped model),
// in MiB, from /proc/self/status: a leak shows in the anonymous part.
struct Rss {
  double anon = 0, file = 0;
};
Rss rss_mib() {
  std::ifstream status("/proc/self/status");
  Rss r;
  std::string key;
  double kb = 0;
  std::string unit;
  while (status >> key) {
    if (key == "RssAnon:" || key == "RssFile:") {
      status >> kb >> unit;
      (key == "RssAnon:" ? r.anon : r.file) = kb / 1024.0;
    } else {
      std::getline(status, unit);
    }
  }
  return r;
}

int generate(const Args& a) {
  if (a.positional.size() != 1) throw std::invalid_argument("generate needs FILE");
  // The options first: a typo must not wait for a multi-gigabyte model to load.
  const auto n_prompt = int_option(a, "--prompt", 128), n_gen = int_option(a, "--gen", 256);
  const auto threads = static_cast<unsigned>(int_option(a, "--threads", 1));
  const auto rss_every = int_option(a, "--rss-every", 100);
  if (n_prompt < 1 || n_gen < 1) throw std::invalid_argument("--prompt and --gen must be at least 1");
  const auto model = quant::LlamaModel::load(quant::GgufFile::open(a.positional[0]));
  quant::LlamaSession s(model, n_prompt + n_gen, threads);
  const auto& c = model.config();
  std::vector<int> prompt{1};
  for (std::int64_t i = 1; i < n_prompt; ++i) prompt.push_back(static_cast<int>(3 + (i * 7919) % (c.n_vocab - 3)));
  const auto t0 = std::chrono::steady_clock::now();
  const std::vector<float>* logits = nullptr;
  for (int t : prompt) logits = &s.forward(t);
  const auto t1 = std::chrono::steady_clock::now();
  std::vector<Rss> rss;
  std::vector<int> out;
  for (std::int64_t i = 0; i < n_gen; ++i) {
    const int next = quant::argmax(*logits);
    out.push_back(next);
    logits = &s.forward(next);
    if (rss_every > 0 && (i + 1) % rss_every == 0) rss.push_back(rss_mib());
  }
  const auto t2 = std::chrono::steady_clock::now();
  const double prefill = std::chrono::duration<double>(t1 - t0).count();
  const double decode = std::chrono::duration<double>(t2 - t1).count();
  const double bytes = static_cast<double>(model.streamed_bytes_per_token());
  const double tps = static_cast<double>(n_gen) / decode;
  std::printf("model: %s (%lld layers, n_embd %lld, vocab %lld), %.1f MB streamed per token\n", a.positional[0].c_str(),
              static_cast<long long>(c.n_layer), static_cast<long long>(c.n_embd), static_cast<long long>(c.n_vocab),
              bytes / 1e6);
  std::printf("threads %u: prompt %lld tokens in %.3f s (%.2f tok/s), generate %lld tokens in %.3f s (%.2f tok/s, %.2f GB/s)\n",
              threads, static_cast<long long>(n_prompt), prefill, static_cast<double>(n_prompt) / prefill,
              static_cast<long long>(n_gen), decode, tps, tps * bytes / 1e9);
  std::printf("first tokens:");
  for (std::size_t i = 0; i < out.size() && i < 12; ++i) std::printf(" %d", out[i]);
  std::printf("\nresident MiB every %lld tokens (anonymous+file-backed):", static_cast<long long>(rss_every));
  for (const auto& r : rss) std::printf(" %.1f+%.1f", r.anon, r.file);
  std::printf("\ndispatch: %s\n", s.dispatch().summary().c_str());
  const auto fallbacks = s.dispatch().fallbacks();
  if (!fallbacks.empty()) {
    std::printf("FALLBACK: %s\n", fallbacks.c_str());
    return 1;
  }
  return 0;
}

}  // namespace

int gguf_command(int argc, const char* const* argv) {
  const std::string sub = argc > 0 ? argv[0] : "";
  return crucible::run_command(sub.empty() ? "crucible gguf" : "crucible gguf " + sub, std::cerr, [&] {
    try {
      if (sub == "info") return info(parse(argc, argv, {}));
      if (sub == "dequant") return dequant(parse(argc, argv, {"--out"}));
      if (sub == "synth") return synth(parse(argc, argv, {"--arch", "--preset", "--mix", "--seed", "--threads", "--out"}));
      if (sub == "generate") return generate(parse(argc, argv, {"--prompt", "--gen", "--threads", "--rss-every"}));
      if (sub.empty()) throw crucible::UsageError("missing subcommand: info, dequant, synth or generate (crucible gguf --help)");
      if (sub == "help" || sub == "--help" || sub == "-h") {
        std::fputs(kUsage, stdout);
        return crucible::exit_code::ok;
      }
      throw crucible::UsageError("unknown subcommand '" + sub + "' (crucible gguf --help)");
    } catch (const quant::GgufError& e) {  // a bad or unsupported file: the user's input
      throw crucible::InputError(e.what());
    } catch (const std::invalid_argument& e) {  // an option's value
      throw crucible::UsageError(std::string(e.what()) + " (crucible gguf --help)");
    }
  });
}

}  // namespace quant_llm
