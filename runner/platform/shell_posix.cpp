#include "shell.hpp"

namespace dbtest::runner::platform {

std::vector<std::string> shell_command(const std::string& command) { return {"/bin/sh", "-c", command}; }

}  // namespace dbtest::runner::platform
