#include <sys/ioctl.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>

#include "terminal.hpp"

namespace dbtest::runner::platform {

bool stdout_is_smart_terminal() {
  const char* term = std::getenv("TERM");
  return ::isatty(STDOUT_FILENO) && term && std::strcmp(term, "dumb") != 0;
}

int terminal_width() {
  winsize size{};
  if (::ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 0) return size.ws_col;
  return 80;
}

}  // namespace dbtest::runner::platform
