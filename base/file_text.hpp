// A whole file read into a string, bytes as they are (no newline
// translation on Windows).
#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace dbtest {

// Nullopt when the file cannot be opened (missing, a folder, no permission).
std::optional<std::string> read_file_text(const std::filesystem::path& path);

}  // namespace dbtest
