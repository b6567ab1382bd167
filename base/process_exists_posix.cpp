#include <signal.h>

#include <cerrno>

#include "process_info.hpp"

namespace dbtest {

bool process_exists(std::int64_t pid) {
  if (pid <= 0) return false;
  // Permission denied still means the process is there.
  return ::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM;
}

}  // namespace dbtest
