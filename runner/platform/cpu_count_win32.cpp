#include <windows.h>

#include "cpu_count.hpp"

namespace dbtest::runner::platform {

int usable_cpu_count() {
  DWORD_PTR process_mask = 0, system_mask = 0;
  if (GetProcessAffinityMask(GetCurrentProcess(), &process_mask, &system_mask) && process_mask) {
    int count = 0;
    for (; process_mask; process_mask &= process_mask - 1) ++count;
    return count;
  }
  SYSTEM_INFO info;
  GetSystemInfo(&info);
  return static_cast<int>(info.dwNumberOfProcessors);
}

}  // namespace dbtest::runner::platform
