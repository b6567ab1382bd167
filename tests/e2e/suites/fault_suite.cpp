// Tests that take their worker down. Which one misbehaves is chosen with
// FAULT_MODE so one binary serves every case; the neighbours always pass.
#include <dbtest/dbtest.hpp>

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <string>
#include <thread>
#include <unistd.h>

namespace {

bool mode_is(const char* mode) {
  const char* m = std::getenv("FAULT_MODE");
  return m && std::strcmp(m, mode) == 0;
}

// A binary that dies before it can speak to the master, as one does that
// cannot load a library or reach a service at start-up.
const bool dies_at_start = [] {
  if (mode_is("start") && std::getenv("DBTEST_PROTOCOL")) {
    std::fprintf(stderr, "cannot reach the license server\n");
    std::exit(5);
  }
  // A listing that never ends, as from a binary waiting for a service.
  if (mode_is("list-hang") && std::getenv("DBTEST_DISCOVER")) {
    for (;;) std::this_thread::sleep_for(std::chrono::seconds(1));
  }
  if (mode_is("list-crash") && std::getenv("DBTEST_DISCOVER")) {
    std::fprintf(stderr, "listing is broken today\n");
    std::raise(SIGSEGV);
  }
  // Chatter on stdout before main() must not be mistaken for the channel.
  if (mode_is("chatty-start")) std::printf("static initialiser says hello\n");
  return false;
}();

}  // namespace

TEST(Before, Passes) { SUCCEED(); }

TEST(Faulty, Misbehaves) {
  // Lets the interrupt test check that no worker outlives the run.
  dbtest::publish("faulty.pid", std::to_string(::getpid()));
  std::cout << "last words before the fault" << std::endl;
  if (mode_is("abort")) std::abort();
  if (mode_is("segfault")) std::raise(SIGSEGV);
  if (mode_is("exit3")) std::exit(3);
  // Tell a test that waits for this moment where the worker is.
  if (const char* pid_file = std::getenv("FAULT_PID_FILE")) std::ofstream(pid_file) << ::getpid() << std::endl;
  if (mode_is("hang")) std::this_thread::sleep_for(std::chrono::hours(1));
  if (mode_is("killed")) std::this_thread::sleep_for(std::chrono::seconds(30));  // until the SIGKILL
  if (mode_is("fork-crash")) {
    // A child forked without exec keeps the worker's channel open.
    if (::fork() == 0) {
      std::this_thread::sleep_for(std::chrono::seconds(30));
      std::_Exit(0);
    }
    std::abort();
  }
}

class Prepared : public ::testing::Test {
 protected:
  static void TearDownTestSuite() {
    if (mode_is("teardown-crash")) std::abort();
  }
  static void SetUpTestSuite() {
    if (mode_is("suite-setup")) ADD_FAILURE() << "the suite's shared fixture could not be built";
    if (mode_is("suite-setup-crash")) std::abort();
  }
};

TEST_F(Prepared, Passes) { SUCCEED(); }

TEST(Faulty, RunsAfterTheFaultOnANewWorker) { SUCCEED(); }

TEST(After, Passes) { SUCCEED(); }
