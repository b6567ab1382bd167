// The state folder (.dbtest/ by default): what one run leaves for the next.
// Today that is the duration of every test, so the next run hands out the
// longest work first. Every file is written atomically; a file that cannot be
// read is reported and ignored, never fatal.
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "schedule/work_plan.hpp"

namespace dbtest::runner {

// Puts a .gitignore holding `*` into the state folder, unless one is there:
// the folder then never shows in `git status`. Called wherever dbtest
// creates or writes the folder.
void keep_out_of_git(const std::filesystem::path& state_dir);

class StateStore {
 public:
  explicit StateStore(std::filesystem::path dir) : dir_(std::move(dir)) {}

  // Creates the folder and proves it can be written. Throws UsageError.
  void ensure_writable() const;

  // Durations from earlier runs. A problem is described in `warning`.
  Durations load_durations(std::string& warning) const;
  // Lets `update` change what is stored (a run adds what it measured), and
  // writes it back.
  void update_durations(const std::function<void(Durations&)>& update) const;

  const std::filesystem::path& dir() const { return dir_; }

 private:
  std::filesystem::path durations_file() const { return dir_ / "durations.json"; }
  std::filesystem::path dir_;
};

}  // namespace dbtest::runner
