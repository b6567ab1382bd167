// How a child process ended, from the status the OS reported, in words a
// person reads ("exit status 3", "killed by signal 11 (SIGSEGV)").
// One implementation per OS: process_exit_posix.cpp, process_exit_win32.cpp.
#pragma once

#include <string>

namespace dbtest::runner::platform {

struct ExitDescription {
  int code = 0;  // exit status, or the signal number when `signaled`
  bool signaled = false;
  std::string text;
};

ExitDescription describe_exit(int native_status);

}  // namespace dbtest::runner::platform
