// Death tests in both of GoogleTest's styles, run as a dbtest worker: "fast"
// forks the worker (which must then have no second thread), "threadsafe"
// starts the binary again with --gtest_internal_run_death_test (which must
// then run as a plain GoogleTest process, not as a worker).
#include <dbtest/dbtest.hpp>
#include <gtest/gtest-spi.h>

#include <cstdio>
#include <cstdlib>

#include "suite_support.hpp"

#if GTEST_HAS_DEATH_TEST

namespace {

[[noreturn]] void say_and_abort(const char* text) {
  std::fprintf(stderr, "%s\n", text);
  std::fflush(stderr);
  std::abort();
}

[[noreturn]] void say_and_exit(const char* text, int code) {
  std::fprintf(stderr, "%s\n", text);
  std::fflush(stderr);
  std::exit(code);
}

}  // namespace

TEST(FastDeath, ExpectDeathSeesTheMessage) {
  GTEST_FLAG_SET(death_test_style, "fast");
  EXPECT_DEATH(say_and_abort("fast and gone"), "fast and gone");
}

TEST(FastDeath, AssertExitSeesTheExitCode) {
  GTEST_FLAG_SET(death_test_style, "fast");
  ASSERT_EXIT(say_and_exit("fast exit", 7), ::testing::ExitedWithCode(7), "fast exit");
}

TEST(FastDeath, AStatementThatDoesNotDieFailsTheAssertion) {
  GTEST_FLAG_SET(death_test_style, "fast");
  EXPECT_NONFATAL_FAILURE(EXPECT_DEATH((void)0, ""), "failed to die");
}

TEST(ThreadsafeDeath, ExpectDeathSeesTheMessage) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_DEATH(say_and_abort("threadsafe and gone"), "threadsafe and gone");
}

TEST(ThreadsafeDeath, AssertExitSeesTheExitCode) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  ASSERT_EXIT(say_and_exit("threadsafe exit", 9), ::testing::ExitedWithCode(9), "threadsafe exit");
}

// The child runs the test's fixture again, opening the database through the
// environment as any fixture does.
class ThreadsafeDeathWithDatabase : public dbtest::TransactionalTest {};
TEST_F(ThreadsafeDeathWithDatabase, TheChildSeesTheMigratedSchema) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  ASSERT_EXIT(std::exit(static_cast<int>(e2e::query_int("SELECT COUNT(*) FROM items"))),
              ::testing::ExitedWithCode(2), "");
}

#endif  // GTEST_HAS_DEATH_TEST

// Runs alongside the death tests, in the same workers.
TEST(AfterDeath, AnOrdinaryTestPasses) { EXPECT_EQ(e2e::query_int("SELECT COUNT(*) FROM items"), 2); }
