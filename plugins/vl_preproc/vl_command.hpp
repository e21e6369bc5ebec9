#pragma once
// `crucible vl preprocess IMAGE... [--model qwen2|qwen2.5|qwen3] [--out DIR]
//                                  [--min-pixels N] [--max-pixels N] [--threads N]`
// Preprocesses the images as the model's image processor (PIL backend) does and writes
// DIR/pixel_values.npy (float32 [rows, C*T*P*P]), DIR/image_grid_thw.npy (int64 [n, 3]) and
// DIR/preprocess.json (per image: file, grid, resized size, placeholder count). Every file is
// written atomically. Errors go through crucible::run_command, the harness's exit-code table:
// 0 success, 2 bad usage or an image that cannot be
// preprocessed (one line per bad image on stderr; nothing is written), 3 other failures.
// argv[0] is the subcommand.
#include <iosfwd>

int vl_command(int argc, const char* const* argv);
int vl_command(int argc, const char* const* argv, std::ostream& out, std::ostream& err);
