#include <signal.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "child_lifetime.hpp"

namespace dbtest::runner::platform {

void end_children_with_this_process() {}

void die_with_parent(std::int64_t parent_pid) {
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);
  // The parent may have died between fork and prctl.
  if (static_cast<std::int64_t>(::getppid()) != parent_pid) ::_exit(127);
}

}  // namespace dbtest::runner::platform
