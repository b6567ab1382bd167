#include <unistd.h>

#include <algorithm>

#include "cpu_count.hpp"

namespace dbtest::runner::platform {

int usable_cpu_count() { return static_cast<int>(std::max(1L, sysconf(_SC_NPROCESSORS_ONLN))); }

}  // namespace dbtest::runner::platform
