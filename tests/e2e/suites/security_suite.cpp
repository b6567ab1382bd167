// Looks at what a worker can reach and publishes it, for the master's
// end-to-end tests to judge: descriptors it inherited, what a process it
// starts inherits, and who may enter its run's scratch folder.
#include <dbtest/dbtest.hpp>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "test_os.hpp"

namespace {

namespace fs = std::filesystem;

// Where each open descriptor of this process leads, one per line.
std::string descriptor_targets() {
  std::string out;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator("/proc/self/fd", ec)) {
    out += entry.path().filename().string() + " -> " + fs::read_symlink(entry.path(), ec).string() + "\n";
  }
  return out;
}

}  // namespace

// What a process holds is read from /proc, which Linux has and other
// systems lack; the master's test says so there.
TEST(Reach, InheritedDescriptors) {
  if (!dbtest::test_os::has_proc_fd()) GTEST_SKIP() << "no /proc/self/fd";
  const std::string targets = descriptor_targets();
  dbtest::publish("inherited.marked.file", targets.find("handed-to-dbtest") != std::string::npos ? "yes" : "no");
}

TEST(Reach, WhatAChildProcessSees) {
  // A process a test starts must not hold the worker's channel: only its
  // standard streams, none of them a pipe to the master.
  if (!dbtest::test_os::has_proc_fd()) GTEST_SKIP() << "no /proc/self/fd";
  std::FILE* child = ::popen("ls -l /proc/self/fd 2>/dev/null | awk 'NR>1 && $9 > 2 {print $11}' | grep -c pipe", "r");
  ASSERT_NE(child, nullptr);
  char count[32] = {};
  const bool read = std::fgets(count, sizeof count, child) != nullptr;
  ::pclose(child);
  ASSERT_TRUE(read);
  dbtest::publish("child.pipes", std::to_string(std::atoi(count)));
}

TEST(Reach, ScratchFolderIsPrivate) {
  const char* capture = std::getenv("DBTEST_CAPTURE_PATH");
  ASSERT_NE(capture, nullptr);
  dbtest::publish("scratch.private", dbtest::test_os::is_private_to_user(fs::path(capture).parent_path()) ? "yes" : "no");
}
