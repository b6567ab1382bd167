// Looks at what a worker can reach and publishes it, for the master's
// end-to-end tests to judge: descriptors it inherited, what a process it
// starts inherits, and who may enter its run's scratch folder.
#include <dbtest/dbtest.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

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

TEST(Reach, InheritedDescriptors) {
  const std::string targets = descriptor_targets();
  dbtest::publish("inherited.marked.file", targets.find("handed-to-dbtest") != std::string::npos ? "yes" : "no");
}

TEST(Reach, WhatAChildProcessSees) {
  // A process a test starts must not hold the worker's channel: only its
  // standard streams, none of them a pipe to the master.
  std::FILE* child = ::popen("ls -l /proc/self/fd 2>/dev/null | awk 'NR>1 && $9 > 2 {print $11}' | grep -c pipe", "r");
  ASSERT_NE(child, nullptr);
  char count[32] = {};
  const bool read = std::fgets(count, sizeof count, child) != nullptr;
  ::pclose(child);
  ASSERT_TRUE(read);
  dbtest::publish("child.pipes", std::to_string(std::atoi(count)));
}

TEST(Reach, ScratchFolderMode) {
  const char* capture = std::getenv("DBTEST_CAPTURE_PATH");
  ASSERT_NE(capture, nullptr);
  struct stat info {};
  ASSERT_EQ(::stat(fs::path(capture).parent_path().c_str(), &info), 0);
  char mode[8];
  std::snprintf(mode, sizeof mode, "%03o", info.st_mode & 0777);
  dbtest::publish("scratch.mode", mode);
}
