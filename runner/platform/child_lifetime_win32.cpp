#include <windows.h>

#include "child_lifetime.hpp"

namespace dbtest::runner::platform {

// Never called: Windows executors have no step between fork and exec.
void die_with_parent(std::int64_t) {}

// A job that ends every process in it when its last handle closes, which is
// when dbtest ends, however it ends. Children join their parent's job, and a
// worker's own job (its Boost.Process group) nests inside it, so listings,
// --migrate-cmd commands, workers and whatever their tests started all go
// with dbtest. Crash dialogs are turned off too, for dbtest and (the error
// mode is inherited) every child: a crashing test must end its process at
// once, not wait for someone to click.
void end_children_with_this_process() {
  SetErrorMode(SEM_FAILCRITICALERRORS | SEM_NOGPFAULTERRORBOX | SEM_NOOPENFILEERRORBOX);
  HANDLE job = CreateJobObjectW(nullptr, nullptr);
  if (!job) return;
  JOBOBJECT_EXTENDED_LIMIT_INFORMATION limits{};
  // Breakaway stays allowed, as Boost.Process's own jobs allow it.
  limits.BasicLimitInformation.LimitFlags = JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE | JOB_OBJECT_LIMIT_BREAKAWAY_OK;
  if (!SetInformationJobObject(job, JobObjectExtendedLimitInformation, &limits, sizeof limits) ||
      !AssignProcessToJobObject(job, GetCurrentProcess())) {
    // Inside a job that forbids nesting (before Windows 8): each worker
    // still ends with the master through its own watch on it.
    CloseHandle(job);
    return;
  }
  // The handle is deliberately kept open until the process ends.
}

}  // namespace dbtest::runner::platform
