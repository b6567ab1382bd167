// What a worker can reach: only its own channel, nothing dbtest inherited,
// and a scratch folder no other user may enter.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fcntl.h>
#include <unistd.h>

#include "support/dbtest_run.hpp"

namespace e2e {
namespace {

// A descriptor open in this process without close-on-exec, so that dbtest,
// started from here, inherits it, as it may inherit anything from a shell,
// a build tool or a CI agent.
class InheritableFile {
 public:
  explicit InheritableFile(const std::filesystem::path& path) : fd_(::open(path.string().c_str(), O_CREAT | O_WRONLY, 0600)) {}
  ~InheritableFile() {
    if (fd_ >= 0) ::close(fd_);
  }
  InheritableFile(const InheritableFile&) = delete;
  InheritableFile& operator=(const InheritableFile&) = delete;
  bool is_open() const { return fd_ >= 0; }

 private:
  int fd_;
};

TEST(Security, AWorkerReachesOnlyItsOwnChannel) {
  if (!test_os::has_proc_fd()) {
    GTEST_SKIP() << "what a worker holds is read from /proc/self/fd, which this system does not have";
  }
  Sandbox box;
  InheritableFile handed_down(box.root() / "handed-to-dbtest.txt");
  ASSERT_TRUE(handed_down.is_open());
  auto r = run_dbtest(box, {"-v", "--", suite("security_suite")});
  ASSERT_EQ(r.exit_code, 0) << r.all();
  const auto published = published_signals(r.out);
  EXPECT_EQ(published.at("inherited.marked.file"), "no") << "a descriptor dbtest inherited reached a worker";
  EXPECT_EQ(published.at("child.pipes"), "0") << "a process started by a test holds a pipe of the worker";
}

TEST(Security, AWorkerRunsInAScratchFolderNoOtherUserMayEnter) {
  Sandbox box;
  auto r = run_dbtest(box, {"-v", "--filter", "Reach.ScratchFolderIsPrivate", "--", suite("security_suite")});
  ASSERT_EQ(r.exit_code, 0) << r.all();
  EXPECT_EQ(published_signals(r.out).at("scratch.private"), "yes");
}

}  // namespace
}  // namespace e2e
