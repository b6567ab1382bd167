// The command line that runs a string through the system shell, for
// --migrate-cmd. One implementation per OS: shell_posix.cpp, shell_win32.cpp.
#pragma once

#include <string>
#include <vector>

namespace dbtest::runner::platform {

// Program and arguments: {"/bin/sh", "-c", command} on POSIX.
std::vector<std::string> shell_command(const std::string& command);

}  // namespace dbtest::runner::platform
