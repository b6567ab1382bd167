#include "child_environment.hpp"

#include <string>
#include <vector>

#include "protocol/environment.hpp"

namespace dbtest::runner {

boost::process::environment environment_for_child() {
  boost::process::environment env = boost::this_process::environment();  // a copy: ours stays as it is
  std::vector<std::string> stale;
  for (const auto& entry : env) {
    if (entry.get_name().rfind(protocol::kVariablePrefix, 0) == 0) stale.push_back(entry.get_name());
  }
  for (const auto& name : stale) env.erase(name);
  return env;
}

}  // namespace dbtest::runner
