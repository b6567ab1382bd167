// Tests that say when they ran: each writes "start NAME NS" and "end NAME
// NS" (a clock every process of the machine shares) to files of their own
// in the folder OVERLAP_DIR names, and sleeps between the two, so the
// end-to-end tests can tell which ran at the same time. One file per event,
// because appends to one shared file from several processes are not atomic
// on Windows. Built plain (GTest::gtest_main) and linked (dbtest::gtest_main).
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <string>
#include <thread>

namespace {

void say(const char* what) {
  const char* dir = std::getenv("OVERLAP_DIR");
  if (!dir) return;
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  const auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(
                      std::chrono::steady_clock::now().time_since_epoch())
                      .count();
  const std::string test = std::string(info->test_suite_name()) + "." + info->name();
  std::string file = test + "." + what;
  std::replace(file.begin(), file.end(), '/', '_');
  std::ofstream(std::string(dir) + "/" + file) << what << " " << test << " " << ns << "\n";
}

// OVERLAP_FAIL names a test that fails, for the stages' tests.
void take_a_while() {
  say("start");
  std::this_thread::sleep_for(std::chrono::milliseconds(150));
  say("end");
  const char* fail = std::getenv("OVERLAP_FAIL");
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  if (fail && std::string(info->test_suite_name()) + "." + info->name() == fail) ADD_FAILURE() << "asked to fail";
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
