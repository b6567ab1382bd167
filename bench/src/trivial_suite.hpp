// Trivial tests for the runner-overhead benchmark: each test does one EXPECT on
// a value, so a run's time is the runner's cost, not the tests'.
//
// DBTEST_BENCH_TRIVIAL_SUITE(Name) defines the suite Name with 20 tests,
// Name.Case00 .. Name.Case19, the way a real suite has ~20 tests per fixture.
//
// GoogleTest alone: bench_trivial_tests (linked with dbtest::gtest_main) and
// bench_trivial_tests_plain (GTest::gtest_main only) compile the same tests.
#pragma once

#include <gtest/gtest.h>

namespace dbtest_bench {
// Reads through a volatile so the compiler cannot fold the EXPECT away.
inline int trivial_value(int n) {
  volatile int v = n;
  return v;
}
}  // namespace dbtest_bench

#define DBTEST_BENCH_TRIVIAL_CASE(Suite, Case, N) \
  TEST(Suite, Case) { EXPECT_EQ(::dbtest_bench::trivial_value(N), N); }

#define DBTEST_BENCH_TRIVIAL_SUITE(Suite)      \
  DBTEST_BENCH_TRIVIAL_CASE(Suite, Case00, 0)  \
  DBTEST_BENCH_TRIVIAL_CASE(Suite, Case01, 1)  \
  DBTEST_BENCH_TRIVIAL_CASE(Suite, Case02, 2)  \
  DBTEST_BENCH_TRIVIAL_CASE(Suite, Case03, 3)  \
  DBTEST_BENCH_TRIVIAL_CASE(Suite, Case04, 4)  \
  DBTEST_BENCH_TRIVIAL_CASE(Suite, Case05, 5)  \
  DBTEST_BENCH_TRIVIAL_CASE(Suite, Case06, 6)  \
  DBTEST_BENCH_TRIVIAL_CASE(Suite, Case07, 7)  \
  DBTEST_BENCH_TRIVIAL_CASE(Suite, Case08, 8)  \
  DBTEST_BENCH_TRIVIAL_CASE(Suite, Case09, 9)  \
  DBTEST_BENCH_TRIVIAL_CASE(Suite, Case10, 10) \
  DBTEST_BENCH_TRIVIAL_CASE(Suite, Case11, 11) \
  DBTEST_BENCH_TRIVIAL_CASE(Suite, Case12, 12) \
  DBTEST_BENCH_TRIVIAL_CASE(Suite, Case13, 13) \
  DBTEST_BENCH_TRIVIAL_CASE(Suite, Case14, 14) \
  DBTEST_BENCH_TRIVIAL_CASE(Suite, Case15, 15) \
  DBTEST_BENCH_TRIVIAL_CASE(Suite, Case16, 16) \
  DBTEST_BENCH_TRIVIAL_CASE(Suite, Case17, 17) \
  DBTEST_BENCH_TRIVIAL_CASE(Suite, Case18, 18) \
  DBTEST_BENCH_TRIVIAL_CASE(Suite, Case19, 19)
