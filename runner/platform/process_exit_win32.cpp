#include <cstdio>

#include "process_exit.hpp"

namespace dbtest::runner::platform {
namespace {

// The exception codes a crashing test process ends with, in words.
const char* exception_name(unsigned code) {
  switch (code) {
    case 0xC0000005u: return "access violation";
    case 0xC00000FDu: return "stack overflow";
    case 0xC0000409u: return "fast fail: abort() or a broken stack guard";
    case 0xC000001Du: return "illegal instruction";
    case 0xC0000096u: return "privileged instruction";
    case 0xC0000094u: return "integer division by zero";
    case 0xC000008Eu: return "floating-point division by zero";
    case 0xC0000374u: return "heap corruption";
    case 0xC0000006u: return "in-page error";
    case 0xC000013Au: return "ended by Ctrl-C";
    case 0x80000003u: return "breakpoint";
    default: return nullptr;
  }
}

}  // namespace

ExitDescription describe_exit(int status) {
  // An NTSTATUS error (0xC...) or the breakpoint warning marks a crash.
  const auto code = static_cast<unsigned>(status);
  if ((code & 0xC0000000u) == 0xC0000000u || code == 0x80000003u) {
    char text[160];
    const char* name = exception_name(code);
    std::snprintf(text, sizeof text, "crashed with exception 0x%08X%s%s%s", code, name ? " (" : "", name ? name : "",
                  name ? ")" : "");
    return {status, true, text};
  }
  return {status, false, "exit status " + std::to_string(status)};
}

}  // namespace dbtest::runner::platform
