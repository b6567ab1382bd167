// The identity of one run: a short random id that names everything the run
// creates, and the private scratch folder it keeps files in.
#pragma once

#include <filesystem>
#include <string>

namespace dbtest::runner {

// 12 lower-case hex digits: short enough for database names, random enough
// that concurrent runs on one machine or server never meet.
std::string make_run_id();

// A folder only this user can enter (mode 0700), removed with everything in
// it when the guard goes.
class ScratchDir {
 public:
  explicit ScratchDir(const std::string& run_id);
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  ~ScratchDir();
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace dbtest::runner
