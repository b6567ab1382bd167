#include <unistd.h>

#include <atomic>
#include <csignal>

#include "interrupt.hpp"

namespace dbtest::runner::platform {
namespace {

std::atomic<int> requests{0};

extern "C" void on_stop_request(int) {
  if (requests.fetch_add(1) >= 1) _exit(130);
}

}  // namespace

void install_interrupt_handlers() {
  struct sigaction action {};
  action.sa_handler = on_stop_request;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
  signal(SIGPIPE, SIG_IGN);
}

bool interrupt_requested() { return requests.load() > 0; }

}  // namespace dbtest::runner::platform
