#include <cstdio>

#include "process_exit.hpp"

namespace dbtest::runner::platform {

ExitDescription describe_exit(int status) {
  // NTSTATUS values such as 0xC0000005 (access violation) mark a crash.
  const auto code = static_cast<unsigned>(status);
  if ((code & 0xC0000000u) == 0xC0000000u) {
    char text[64];
    std::snprintf(text, sizeof text, "crashed with exception 0x%08X", code);
    return {status, true, text};
  }
  return {status, false, "exit status " + std::to_string(status)};
}

}  // namespace dbtest::runner::platform
