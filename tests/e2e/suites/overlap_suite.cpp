// Tests that say when they ran: each appends "start NAME NS" and "end NAME
// NS" (a clock every process of the machine shares) to the file
// OVERLAP_LOG names, and sleeps between the two, so the end-to-end tests
// can tell which ran at the same time. Built plain (GTest::gtest_main) and
// linked (dbtest::gtest_main).
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <string>
#include <thread>

namespace {

void say(const char* what) {
  const char* log = std::getenv("OVERLAP_LOG");
  if (!log) return;
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  const auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(
                      std::chrono::steady_clock::now().time_since_epoch())
                      .count();
  std::ofstream(log, std::ios::app) << what << " " << info->test_suite_name() << "." << info->name() << " " << ns
                                    << "\n";
}

void take_a_while() {
  say("start");
  std::this_thread::sleep_for(std::chrono::milliseconds(150));
  say("end");
}

TEST(Serial, First) { take_a_while(); }
TEST(Serial, Second) { take_a_while(); }

class Pool : public ::testing::TestWithParam<int> {};
TEST_P(Pool, UsesTheScarceResource) { take_a_while(); }
INSTANTIATE_TEST_SUITE_P(Six, Pool, ::testing::Range(0, 6));

class Free : public ::testing::TestWithParam<int> {};
TEST_P(Free, RunsBesideAnything) { take_a_while(); }
INSTANTIATE_TEST_SUITE_P(Six, Free, ::testing::Range(0, 6));

}  // namespace
