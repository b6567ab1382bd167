#include <unistd.h>

#include "process_info.hpp"

namespace dbtest {

std::string host_name() {
  char name[256] = {};
  if (::gethostname(name, sizeof name - 1) != 0) return "unknown";
  return name;
}

std::int64_t current_pid() { return static_cast<std::int64_t>(::getpid()); }

}  // namespace dbtest
