// macOS. Compiled only where cmake/Platform.cmake chooses "darwin", that is
// on Apple's own toolchain: CI has none, so this file is not built there.
#include <sys/sysctl.h>
#include <sys/types.h>
#include <unistd.h>

#include <algorithm>
#include <cstddef>

#include "cpu_count.hpp"

namespace dbtest::runner::platform {

int usable_cpu_count() {
  // hw.logicalcpu counts the CPUs available in the current power mode, which
  // may be fewer than the machine has (hw.logicalcpu_max). macOS has no CPU
  // affinity or quota for a process to honour.
  int cpus = 0;
  std::size_t size = sizeof cpus;
  if (::sysctlbyname("hw.logicalcpu", &cpus, &size, nullptr, 0) == 0 && cpus > 0) return cpus;
  return static_cast<int>(std::max(1L, ::sysconf(_SC_NPROCESSORS_ONLN)));
}

}  // namespace dbtest::runner::platform
