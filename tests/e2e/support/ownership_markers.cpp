#include "ownership_markers.hpp"

#include <boost/process.hpp>
#include <unistd.h>

namespace e2e {

std::string marker(const std::string& run, long long pid, const std::string& kind, const std::string& extra) {
  char host[256] = {};
  ::gethostname(host, sizeof host - 1);
  return "dbtest:{" + extra + "\"host\":\"" + host + "\",\"kind\":\"" + kind + "\",\"pid\":" + std::to_string(pid) +
         ",\"run\":\"" + run + "\"}";
}

long long dead_pid() {
  boost::process::child gone("/bin/true");
  const long long pid = gone.id();
  gone.wait();
  return pid;
}

}  // namespace e2e
