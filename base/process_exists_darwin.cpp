// macOS. Compiled only where cmake/Platform.cmake chooses "darwin", that is
// on Apple's own toolchain: CI has none, so this file is not built there.
#include <libproc.h>
#include <signal.h>
#include <sys/proc.h>
#include <sys/proc_info.h>

#include <cerrno>

#include "process_info.hpp"

namespace dbtest {

bool process_exists(std::int64_t pid) {
  if (pid <= 0) return false;
  // Permission denied still means the process is there.
  if (::kill(static_cast<pid_t>(pid), 0) != 0 && errno != EPERM) return false;
  // A killed run whose parent has not reaped it yet is a zombie: gone, for
  // all that it left behind. kill() still reaches a zombie; proc_pidinfo()
  // tells it apart, by its state or by not finding it (ESRCH: the kernel
  // keeps zombies off the list it searches). Any other failure (EPERM) is a
  // live process this user may not look at.
  proc_bsdinfo info{};
  const int size = ::proc_pidinfo(static_cast<int>(pid), PROC_PIDTBSDINFO, 0, &info, sizeof info);
  if (size == static_cast<int>(sizeof info)) return info.pbi_status != SZOMB;
  return errno != ESRCH;
}

}  // namespace dbtest
