#pragma once
// Writes a file so that readers see the old content or the new, never a torn one:
// write to a temporary in the same folder, fsync, rename over.
#include <filesystem>
#include <string_view>

namespace crucible {

void write_file_atomically(const std::filesystem::path& path, std::string_view content);

}  // namespace crucible
