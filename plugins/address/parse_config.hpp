#pragma once
// The settings of `crucible address parse`: from defaults (chosen from this machine), then a
// TOML file (--config), then flags. Every value is range-checked; a file's errors name
// FILE:line:col like a suite's.
#include <cstdint>
#include <string>

namespace address_cli {

struct ParseConfig {
  unsigned threads = 0;            // CPU parsing threads; 0 = one per hardware thread
  std::uint32_t chunk_rows = 16384;  // rows per chunk: the unit of parsing, writing and checkpointing
  double gpu_share = 0.9;          // fraction of each chunk sent to the GPU when one is used
  std::uint32_t gpu_batch = 65536;   // most rows per GPU launch (smaller batches are retried on errors)
  unsigned queue_depth = 4;        // chunks read ahead of the parser
  double memory_ceiling_mb = 1024; // most bytes of input held by queued chunks
  double status_interval_s = 10;   // seconds between status lines when stderr is not a terminal
  std::string device = "auto";     // auto | cpu | cuda
};

struct ConfigError {
  std::string message;  // "FILE:line:col: ..." or "--flag: ..."
};

// Reads `path` over `config`; throws ConfigError.
void load_parse_config(const std::string& path, ParseConfig& config);
// Sets one setting from a flag ("--threads", "4"); false when `flag` names no setting.
bool set_parse_flag(const std::string& flag, const std::string& value, ParseConfig& config);

}  // namespace address_cli
