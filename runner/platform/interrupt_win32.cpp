#include <windows.h>

#include <atomic>
#include <cstdlib>

#include "interrupt.hpp"

namespace dbtest::runner::platform {
namespace {

std::atomic<int> requests{0};

BOOL WINAPI on_console_event(DWORD) {
  if (requests.fetch_add(1) >= 1) std::_Exit(130);
  return TRUE;
}

}  // namespace

void install_interrupt_handlers() { SetConsoleCtrlHandler(on_console_event, TRUE); }

bool interrupt_requested() { return requests.load() > 0; }

}  // namespace dbtest::runner::platform
