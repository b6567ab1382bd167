#include <signal.h>

#include <cerrno>
#include <fstream>
#include <string>

#include "process_info.hpp"

namespace dbtest {

bool process_exists(std::int64_t pid) {
  if (pid <= 0) return false;
  // Permission denied still means the process is there.
  if (::kill(static_cast<pid_t>(pid), 0) != 0 && errno != EPERM) return false;
  // A killed run whose parent has not reaped it yet is a zombie: gone, for
  // all that it left behind. The state follows the command's closing ')'.
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string stat;
  std::getline(in, stat);
  const auto close = stat.rfind(')');
  return close == std::string::npos || close + 2 >= stat.size() || stat[close + 2] != 'Z';
}

}  // namespace dbtest
