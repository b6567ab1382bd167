// How many CPUs this process may really use: `--parallel auto`.
// Linux honours CPU affinity and cgroup CPU quotas (containers and CI runners
// often allow fewer CPUs than the machine has); macOS counts the CPUs of the
// current power mode. One implementation per OS (cmake/Platform.cmake
// chooses).
#pragma once

namespace dbtest::runner::platform {

int usable_cpu_count();

}  // namespace dbtest::runner::platform
