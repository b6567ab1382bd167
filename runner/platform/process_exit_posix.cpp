#include <sys/wait.h>

#include <csignal>
#include <cstring>

#include "process_exit.hpp"

namespace dbtest::runner::platform {
namespace {

const char* signal_name(int sig) {
  switch (sig) {
    case SIGABRT: return "SIGABRT";
    case SIGSEGV: return "SIGSEGV";
    case SIGBUS: return "SIGBUS";
    case SIGFPE: return "SIGFPE";
    case SIGILL: return "SIGILL";
    case SIGKILL: return "SIGKILL";
    case SIGTERM: return "SIGTERM";
    case SIGINT: return "SIGINT";
    case SIGPIPE: return "SIGPIPE";
    default: return nullptr;
  }
}

}  // namespace

ExitDescription describe_exit(int status) {
  if (WIFSIGNALED(status)) {
    const int sig = WTERMSIG(status);
    const char* name = signal_name(sig);
    return {sig, true, "killed by signal " + std::to_string(sig) + (name ? std::string(" (") + name + ")" : "")};
  }
  const int code = WIFEXITED(status) ? WEXITSTATUS(status) : status;
  return {code, false, "exit status " + std::to_string(code)};
}

}  // namespace dbtest::runner::platform
