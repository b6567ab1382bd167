#include "shell.hpp"

namespace dbtest::runner::platform {

ShellCommand shell_command(const std::string& command) { return {{"/bin/sh", "-c", command}, {}}; }

}  // namespace dbtest::runner::platform
