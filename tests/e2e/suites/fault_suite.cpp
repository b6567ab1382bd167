// Tests that take their worker down. Which one misbehaves is chosen with
// FAULT_MODE so one binary serves every case; the neighbours always pass.
// It runs on any engine, on the schema of migrations/portable.
//
// What the end-to-end tests pass through the environment:
//   FAULT_MODE       how Faulty.Misbehaves (or the binary) misbehaves
//   FAULT_PID_FILE   where Faulty.Misbehaves writes its worker's pid before it hangs (hang, killed)
//   FAULT_START_LOG  a file every worker process appends a line to as it starts
//   FAULT_MEET_DIR   where the tests of mode fail-beside-slow wait for each other
#include <dbtest/dbtest.hpp>

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <stdexcept>
#include <string>
#include <thread>
#include "any_engine.hpp"
#include "test_os.hpp"

namespace {

bool mode_is(const char* mode) {
  const char* m = std::getenv("FAULT_MODE");
  return m && std::strcmp(m, mode) == 0;
}

// The modes in which Faulty.Misbehaves takes its worker down.
bool takes_the_worker_down() {
  for (const char* mode : {"abort", "segfault", "exit3", "hang", "killed", "fork-crash", "crash-every-test"}) {
    if (mode_is(mode)) return true;
  }
  return false;
}

// Mode fail-beside-slow: the two tests meet through files in FAULT_MEET_DIR.
std::filesystem::path meeting_point(const char* name) { return std::filesystem::path(std::getenv("FAULT_MEET_DIR")) / name; }

// Generous: only a broken run should ever wait this long.
bool wait_for_file(const std::filesystem::path& path) {
  for (int i = 0; i < 600 && !std::filesystem::exists(path); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  return std::filesystem::exists(path);
}

// A real invalid access, not a raised signal: on Windows raise(SIGSEGV) only
// exits with status 3.
void write_through_null() {
  volatile int* nowhere = nullptr;
  *nowhere = 1;
}

// What the binary does before main(), as a worker or while it lists its tests.
const bool misbehaves_at_start = [] {
  const bool worker = std::getenv("DBTEST_PROTOCOL") != nullptr;
  // Counts worker processes, so a test can tell a restart loop from one start.
  if (const char* log = std::getenv("FAULT_START_LOG"); log && worker) std::ofstream(log, std::ios::app) << ::getpid() << std::endl;
  // A binary that dies before it can speak to the master, as one does that
  // cannot load a library or reach a service at start-up.
  if (mode_is("start") && worker) {
    std::fprintf(stderr, "cannot reach the license server\n");
    std::exit(5);
  }
  // A listing that never ends, as from a binary waiting for a service.
  if (mode_is("list-hang") && std::getenv("DBTEST_DISCOVER")) {
    for (;;) std::this_thread::sleep_for(std::chrono::seconds(1));
  }
  if (mode_is("list-crash") && std::getenv("DBTEST_DISCOVER")) {
    std::fprintf(stderr, "listing is broken today\n");
    write_through_null();
  }
  // Chatter on stdout before main() must not be mistaken for the channel.
  if (mode_is("chatty-start")) std::printf("static initialiser says hello\n");
  return false;
}();

}  // namespace

TEST(Before, Passes) {
  if (!mode_is("fail-beside-slow")) return;
  // Still running when Faulty.Misbehaves fails on the other worker, and until
  // that worker has been told to stop: the master has seen the failure then.
  std::ofstream(meeting_point("slow-test-started")).flush();
  ASSERT_TRUE(wait_for_file(meeting_point("failing-worker-ended"))) << "the worker with the failure never stopped";
}

TEST(Faulty, Misbehaves) {
  // Lets the interrupt test check that no worker outlives the run.
  dbtest::publish("faulty.pid", std::to_string(::getpid()));
  std::cout << "last words before the fault" << std::endl;
  // Committed in this worker's clone: the test that runs after the fault must
  // not see it, as its new worker gets a fresh clone.
  if (takes_the_worker_down()) e2e::run_statement("INSERT INTO items(id, name) VALUES (3, 'left by a worker that died')");
  if (mode_is("abort") || mode_is("crash-every-test")) std::abort();
  if (mode_is("segfault")) write_through_null();
  if (mode_is("exit3")) std::exit(3);
  if (mode_is("fail-beside-slow")) {
    ASSERT_TRUE(wait_for_file(meeting_point("slow-test-started"))) << "Before.Passes never started beside this test";
    // This process ends once the master, having seen the failure, sends no more work.
    std::atexit([] { std::ofstream(meeting_point("failing-worker-ended")).flush(); });
    FAIL() << "fails while another worker is in the middle of a test";
  }
  // Tell a test that waits for this moment where the worker is.
  if (const char* pid_file = std::getenv("FAULT_PID_FILE")) std::ofstream(pid_file) << ::getpid() << std::endl;
  if (mode_is("hang")) std::this_thread::sleep_for(std::chrono::hours(1));
  if (mode_is("hang-with-child")) {
    dbtest::publish("faulty.child.pid", std::to_string(dbtest::test_os::start_hanging_child()));
    std::this_thread::sleep_for(std::chrono::hours(1));
  }
  if (mode_is("killed")) std::this_thread::sleep_for(std::chrono::seconds(30));  // until the SIGKILL
  if (mode_is("fork-crash")) {
    // A child (forked without exec on POSIX) keeps the worker's channel open.
    dbtest::test_os::start_hanging_child();
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

// Runs after Faulty.Misbehaves in the same unit (--dist suite), so after a
// fault it runs on the replacement worker.
TEST(Faulty, RunsAfterTheFaultOnANewWorker) {
  if (mode_is("crash-every-test")) std::abort();
  EXPECT_EQ(e2e::query_number("SELECT COUNT(*) FROM items"), 2) << "only the two seed rows: a new worker must get a fresh clone";
}

TEST(After, Passes) { SUCCEED(); }
