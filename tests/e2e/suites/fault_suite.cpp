// Tests that take their worker down. Which one misbehaves is chosen with
// FAULT_MODE so one binary serves every case; the neighbours always pass.
#include <dbtest/dbtest.hpp>

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <string>
#include <thread>
#include <unistd.h>

namespace {

bool mode_is(const char* mode) {
  const char* m = std::getenv("FAULT_MODE");
  return m && std::strcmp(m, mode) == 0;
}

}  // namespace

TEST(Before, Passes) { SUCCEED(); }

TEST(Faulty, Misbehaves) {
  // Lets the interrupt test check that no worker outlives the run.
  dbtest::publish("faulty.pid", std::to_string(::getpid()));
  std::cout << "last words before the fault" << std::endl;
  if (mode_is("abort")) std::abort();
  if (mode_is("segfault")) std::raise(SIGSEGV);
  if (mode_is("exit3")) std::exit(3);
  if (mode_is("hang")) std::this_thread::sleep_for(std::chrono::hours(1));
}

TEST(Faulty, RunsAfterTheFaultOnANewWorker) { SUCCEED(); }

TEST(After, Passes) { SUCCEED(); }
