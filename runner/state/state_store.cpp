#include "state_store.hpp"

#include <system_error>

#include "base/atomic_file.hpp"
#include "base/errors.hpp"
#include "durations_file.hpp"

namespace dbtest::runner {

void keep_out_of_git(const std::filesystem::path& state_dir) {
  const auto file = state_dir / ".gitignore";
  std::error_code ec;
  if (std::filesystem::exists(file, ec) || ec) return;
  write_file_atomically(file, "# Written by dbtest: its state folder stays out of git.\n*\n");
}

void StateStore::ensure_writable() const {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::create_directories(dir_, ec);
  // A file in the way: libstdc++ says "Not a directory", libc++ "File
  // exists"; the first tells the user more, whichever library dbtest has.
  if (ec == std::errc::file_exists && !fs::is_directory(dir_)) ec = std::make_error_code(std::errc::not_a_directory);
  if (ec || !fs::is_directory(dir_)) {
    throw UsageError("state folder " + dir_.string() + " cannot be created" + (ec ? ": " + ec.message() : ""));
  }
  try {
    write_file_atomically(dir_ / ".write-test", "");
    fs::remove(dir_ / ".write-test", ec);
    keep_out_of_git(dir_);
  } catch (const std::exception&) {
    throw UsageError("state folder " + dir_.string() + " cannot be written");
  }
}

Durations StateStore::load_durations(std::string& warning) const { return read_durations(durations_file(), warning); }

void StateStore::update_durations(const std::function<void(Durations&)>& update) const {
  update_durations_file(durations_file(), update);
  keep_out_of_git(dir_);
}

}  // namespace dbtest::runner
