// The private folder a run keeps its files in (SQLite templates and copies,
// captured worker output), and the folders of runs that died without
// removing theirs.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace dbtest::runner {

// `dbtest-<run id>` in `parent` (the temporary folder, or Bazel's TEST_TMPDIR), created private to this user
// (mode 0700) and holding the run's ownership marker, so that if the run is
// killed outright the folder is known as its own. Removed with everything in
// it when the guard goes.
class ScratchDir {
 public:
  ScratchDir(const std::string& run_id, const std::filesystem::path& parent);
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  ~ScratchDir();
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

struct ScratchLeftover {
  std::filesystem::path path;
  std::string description;  // "scratch folder of run 3f2a… (pid 4242 on ci-7), which is gone"
};

// Scratch folders in `temp_dir` whose marker names a run, other than
// `current_run_id`, that is gone. Never a folder without a marker.
std::vector<ScratchLeftover> find_scratch_leftovers(const std::filesystem::path& temp_dir,
                                                    const std::string& current_run_id);

// The temporary folder scratch folders go in.
std::filesystem::path scratch_parent();

}  // namespace dbtest::runner
