#pragma once
// `crucible gguf info|dequant|synth|generate ...` (argv[0] is the subcommand).
namespace quant_llm {

int gguf_command(int argc, const char* const* argv);

}  // namespace quant_llm
