#include <cstdlib>

#include "shell.hpp"

namespace dbtest::runner::platform {

std::vector<std::string> shell_command(const std::string& command) {
  const char* comspec = std::getenv("COMSPEC");
  return {comspec ? comspec : "cmd.exe", "/d", "/s", "/c", command};
}

}  // namespace dbtest::runner::platform
