// This host and its processes, for ownership markers. One implementation per
// OS: process_info_posix.cpp with process_exists_linux.cpp,
// process_exists_darwin.cpp or process_exists_posix.cpp, and
// process_info_win32.cpp (cmake/Platform.cmake chooses).
#pragma once

#include <cstdint>
#include <string>

namespace dbtest {

std::string host_name();
std::int64_t current_pid();
// Whether a process with this id runs on this host now.
bool process_exists(std::int64_t pid);

}  // namespace dbtest
