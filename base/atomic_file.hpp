// Files that are either wholly old or wholly new: written beside their
// destination, then renamed over it, so a run killed at any moment never
// leaves half a file behind.
#pragma once

#include <filesystem>
#include <functional>
#include <ostream>
#include <string>

namespace dbtest {

// Throws InfrastructureError naming the path.
void write_file_atomically(const std::filesystem::path& path, const std::string& contents);

// The same for contents written piece by piece: a large file need not be
// held in memory whole first.
void write_file_atomically(const std::filesystem::path& path, const std::function<void(std::ostream&)>& write);

}  // namespace dbtest
