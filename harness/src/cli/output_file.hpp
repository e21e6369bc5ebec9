#pragma once
// The check a file named on the command line for writing (--md FILE, --json FILE, profile
// --out FILE) gets before the command does its work: a path that cannot become a file is the
// command line's error (exit 2), found at once rather than after a comparison or a
// measurement has run.
#include <filesystem>
#include <string>

namespace crucible {

// A UsageError naming `option` and the path when the path is a folder, when the nearest
// existing folder above it is a file, or when that folder is not writable.
void check_output_file(const std::string& option, const std::filesystem::path& path);

}  // namespace crucible
