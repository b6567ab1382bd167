#include "atomic_file.hpp"

#include <fstream>
#include <random>

#include "errors.hpp"

namespace dbtest {

void write_file_atomically(const std::filesystem::path& path, const std::string& contents) {
  write_file_atomically(path, [&contents](std::ostream& out) { out << contents; });
}

void write_file_atomically(const std::filesystem::path& path, const std::function<void(std::ostream&)>& write) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (path.has_parent_path()) fs::create_directories(path.parent_path(), ec);
  const fs::path temporary = path.string() + ".tmp-" + std::to_string(std::random_device{}());
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    write(out);
    out.flush();
    if (!out) {
      fs::remove(temporary, ec);
      throw InfrastructureError("cannot write " + path.string());
    }
  }
  if (fs::is_directory(path, ec)) {
    fs::remove(temporary, ec);
    throw InfrastructureError("cannot write " + path.string() + ": it is a folder");
  }
  fs::rename(temporary, path, ec);
  if (ec) {
    fs::remove(temporary, ec);
    throw InfrastructureError("cannot write " + path.string() + ": " + ec.message());
  }
}

}  // namespace dbtest
