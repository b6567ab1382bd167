#include "state_store.hpp"

#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>
#include <system_error>

#include "base/atomic_file.hpp"
#include "base/errors.hpp"

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

Durations StateStore::load_durations(std::string& warning) const {
  Durations durations;
  std::ifstream in(durations_file());
  if (!in) return durations;
  std::stringstream text;
  text << in.rdbuf();
  const auto json = nlohmann::json::parse(text.str(), nullptr, false);
  if (json.is_discarded() || !json.is_object() || !json.contains("tests") || !json["tests"].is_object()) {
    warning = "ignoring unreadable " + durations_file().string();
    return durations;
  }
  for (const auto& [key, value] : json["tests"].items()) {
    if (value.is_number()) durations[key] = value.get<double>();
  }
  return durations;
}

void StateStore::save_durations(const Durations& latest) const {
  std::string ignored;
  Durations merged = load_durations(ignored);
  for (const auto& [key, seconds] : latest) merged[key] = seconds;
  nlohmann::json json = {{"version", 1}, {"tests", merged}};
  write_file_atomically(durations_file(), json.dump(1));
  keep_out_of_git(dir_);
}

}  // namespace dbtest::runner
