// Tests that write to the database and then take a little while, on every
// engine, so that a run of them lasts long enough to be interrupted at any
// moment: four suites of two tests, run on migrations/portable.
//
// What the end-to-end tests pass through the environment:
//   SLOW_SUITE_SLEEP_MS     how long each test sleeps with its row written (default 150)
//   SLOW_SUITE_HANG_DIR     set: every test hangs instead, after starting a child
//                           that hangs too, and after writing a file named after
//                           its worker's pid, holding the run id, into this folder
//   SLOW_SUITE_IGNORE_TERM  "1": the hanging worker and its child ignore SIGTERM
#include <dbtest/dbtest.hpp>

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

#include "any_engine.hpp"
#include "test_os.hpp"

namespace {

[[noreturn]] void hang_forever() {
  for (;;) std::this_thread::sleep_for(std::chrono::hours(1));
}

// A test stuck for good, as one waiting on a lock or a service, with a child
// of its own: whoever ends the run must end the worker's whole process group.
void hang(const std::filesystem::path& dir) {
  const char* ignore_term = std::getenv("SLOW_SUITE_IGNORE_TERM");
  // A worker that will not stop when asked makes a polite clean-up wait.
  if (ignore_term && std::string(ignore_term) == "1") std::signal(SIGTERM, SIG_IGN);
  dbtest::test_os::start_hanging_child();
  // Written under another name and renamed, so a reader never sees half of it.
  const auto pid = std::to_string(::getpid());
  const auto partial = dir / ("." + pid + ".partial");
  std::ofstream(partial) << dbtest::run_id() << "\n";
  std::filesystem::rename(partial, dir / pid);
  hang_forever();
}

class Slow : public dbtest::TransactionalTest {
 protected:
  void touch_the_database_and_wait(int id) {
    if (const char* dir = std::getenv("SLOW_SUITE_HANG_DIR")) hang(dir);
    e2e::run_statement("INSERT INTO items(id, name) VALUES (" + std::to_string(id) + ", 'slow')");
    EXPECT_EQ(e2e::query_number("SELECT COUNT(*) FROM items"), 3);
    const char* sleep_ms = std::getenv("SLOW_SUITE_SLEEP_MS");
    std::this_thread::sleep_for(std::chrono::milliseconds(sleep_ms ? std::atoi(sleep_ms) : 150));
  }
};

}  // namespace

#define SLOW_SUITE(Name, id)                                  \
  class Name : public Slow {};                                \
  TEST_F(Name, First) { touch_the_database_and_wait(id); }    \
  TEST_F(Name, Second) { touch_the_database_and_wait(id + 1); }

SLOW_SUITE(Apples, 10)
SLOW_SUITE(Pears, 20)
SLOW_SUITE(Plums, 30)
SLOW_SUITE(Cherries, 40)
