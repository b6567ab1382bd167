// How a string runs through the system shell, for --migrate-cmd. One
// implementation per OS: shell_posix.cpp, shell_win32.cpp.
#pragma once

#include <string>
#include <vector>

namespace dbtest::runner::platform {

struct ShellCommand {
  // Program and arguments: {"/bin/sh", "-c", command} on POSIX.
  std::vector<std::string> argv;
  // Windows only: the exact command line (base::ExactCommandLine). cmd.exe
  // reads the text after /c itself, not by the C runtime's rules, so the
  // command goes in as it is, between the quotes /s strips.
  std::string windows_line;
};

ShellCommand shell_command(const std::string& command);

}  // namespace dbtest::runner::platform
