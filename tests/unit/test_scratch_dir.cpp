// The scratch folder of a run, and those that runs killed outright left.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>

#include "app/scratch_dir.hpp"
#include "backends/common/ownership_marker.hpp"
#include "base/process_info.hpp"
#include "unit_support.hpp"

namespace dbtest::unit {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

// A process id no process has: above any pid_max Linux allows.
constexpr std::int64_t kDeadPid = 9'999'999;

void write_marker(const fs::path& folder, std::int64_t pid, const std::string& run_id) {
  fs::create_directories(folder);
  auto marker = backends::marker_for_this_process(run_id, "scratch folder");
  marker.pid = pid;
  std::ofstream(folder / "owner") << marker.encode() << "\n";
}

TEST(ScratchDir, IsPrivateHoldsItsMarkerAndGoesAway) {
  TempDir temp;
  fs::path path;
  {
    ScopedTmpdir tmpdir(temp.path());
    runner::ScratchDir scratch("0123456789ab", runner::scratch_parent());
    path = scratch.path();
    EXPECT_EQ(path, temp.path() / "dbtest-0123456789ab");
    EXPECT_TRUE(test_os::is_private_to_user(path));
    std::ifstream in(path / "owner");
    std::string text;
    std::getline(in, text);
    const auto marker = backends::OwnershipMarker::decode(text);
    ASSERT_TRUE(marker);
    EXPECT_EQ(marker->run_id, "0123456789ab");
  }
  EXPECT_FALSE(fs::exists(path));
}

TEST(ScratchDir, FoldersOfGoneRunsAreLeftoversAndNoOthersAre) {
  TempDir temp;
  write_marker(temp.path() / "dbtest-aaaaaaaaaaaa", kDeadPid, "aaaaaaaaaaaa");
  write_marker(temp.path() / "dbtest-bbbbbbbbbbbb", current_pid(), "bbbbbbbbbbbb");  // alive
  write_marker(temp.path() / "dbtest-cccccccccccc", kDeadPid, "cccccccccccc");                 // the current run
  fs::create_directories(temp.path() / "dbtest-dddddddddddd");                                // no marker
  write_marker(temp.path() / "someone-elses", kDeadPid, "eeeeeeeeeeee");                       // not our name

  const auto found = runner::find_scratch_leftovers(temp.path(), "cccccccccccc");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].path, temp.path() / "dbtest-aaaaaaaaaaaa");
  EXPECT_THAT(found[0].description, HasSubstr("scratch folder of run aaaaaaaaaaaa"));
  EXPECT_THAT(found[0].description, HasSubstr("which is gone"));
}

TEST(ScratchDir, AMissingTemporaryFolderHasNoLeftovers) {
  EXPECT_THAT(runner::find_scratch_leftovers("/nonexistent/dbtest-unit", "x"), IsEmpty());
}

}  // namespace
}  // namespace dbtest::unit
