#include <signal.h>
#include <unistd.h>

#include <cerrno>

#include "process_info.hpp"

namespace dbtest::backends {

std::string host_name() {
  char name[256] = {};
  if (::gethostname(name, sizeof name - 1) != 0) return "unknown";
  return name;
}

std::int64_t current_pid() { return static_cast<std::int64_t>(::getpid()); }

bool process_exists(std::int64_t pid) {
  if (pid <= 0) return false;
  // Permission denied still means the process is there.
  return ::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM;
}

}  // namespace dbtest::backends
