// Helpers shared by the unit tests: a private temporary folder and small file
// utilities.
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

#include "test_os.hpp"

namespace dbtest::unit {

// A fresh folder under the system's temporary folder, removed with everything
// in it when the object goes.
class TempDir {
 public:
  TempDir() : path_(test_os::make_temp_folder("dbtest-unit-")) {}
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

// Points the variable std::filesystem::temp_directory_path reads first
// (TMPDIR, TMP on Windows) at `folder` until the object goes.
class ScopedTmpdir {
 public:
  explicit ScopedTmpdir(const std::filesystem::path& folder) {
    if (const char* old = std::getenv(test_os::temp_folder_variable())) old_ = old;
    test_os::set_environment(test_os::temp_folder_variable(), folder.string());
  }
  ~ScopedTmpdir() {
    if (old_.empty()) {
      test_os::unset_environment(test_os::temp_folder_variable());
    } else {
      test_os::set_environment(test_os::temp_folder_variable(), old_);
    }
  }
  ScopedTmpdir(const ScopedTmpdir&) = delete;
  ScopedTmpdir& operator=(const ScopedTmpdir&) = delete;

 private:
  std::string old_;
};

inline void write_file(const std::filesystem::path& path, const std::string& contents) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << contents;
  if (!out) throw std::runtime_error("cannot write " + path.string());
}

inline std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// The bytes of a string literal, embedded NULs included.
template <std::size_t N>
std::string bytes(const char (&literal)[N]) {
  return std::string(literal, N - 1);
}

// The last line of `text`, without its newline.
inline std::string last_line(std::string text) {
  while (!text.empty() && text.back() == '\n') text.pop_back();
  const auto nl = text.rfind('\n');
  return nl == std::string::npos ? text : text.substr(nl + 1);
}

}  // namespace dbtest::unit
