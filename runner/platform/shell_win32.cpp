#include <cstdlib>

#include "shell.hpp"

namespace dbtest::runner::platform {

ShellCommand shell_command(const std::string& command) {
  const char* comspec = std::getenv("COMSPEC");
  const std::string shell = comspec ? comspec : "cmd.exe";
  return {{shell, "/d", "/s", "/c", command}, '"' + shell + "\" /d /s /c \"" + command + '"'};
}

}  // namespace dbtest::runner::platform
