#include <sched.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>
#include <string>

#include "cpu_count.hpp"

namespace dbtest::runner::platform {
namespace {

int affinity_cpus() {
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof set, &set) == 0) return std::max(1, CPU_COUNT(&set));
  return std::max(1L, sysconf(_SC_NPROCESSORS_ONLN));
}

// The cgroup's CPU quota as a whole number of CPUs, rounded up; 0 for none.
int cgroup_quota_cpus() {
  // cgroup v2: "max 100000" or "200000 100000" in the process's own group.
  std::string group;
  {
    std::ifstream in("/proc/self/cgroup");
    std::string line;
    while (std::getline(in, line)) {
      if (line.rfind("0::", 0) == 0) group = line.substr(3);
    }
  }
  for (const std::string& path : {"/sys/fs/cgroup" + group + "/cpu.max", std::string("/sys/fs/cgroup/cpu.max")}) {
    std::ifstream in(path);
    std::string quota;
    double period = 0;
    if (in >> quota >> period && quota != "max" && period > 0) {
      return std::max(1, static_cast<int>(std::ceil(std::stod(quota) / period)));
    }
  }
  // cgroup v1.
  std::ifstream q("/sys/fs/cgroup/cpu/cpu.cfs_quota_us");
  std::ifstream p("/sys/fs/cgroup/cpu/cpu.cfs_period_us");
  double quota = 0, period = 0;
  if (q >> quota && p >> period && quota > 0 && period > 0) return std::max(1, static_cast<int>(std::ceil(quota / period)));
  return 0;
}

}  // namespace

int usable_cpu_count() {
  const int cpus = affinity_cpus();
  const int quota = cgroup_quota_cpus();
  return quota > 0 ? std::min(cpus, quota) : cpus;
}

}  // namespace dbtest::runner::platform
