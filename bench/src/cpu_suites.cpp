// CPU-bound tests for the parallel-efficiency benchmark: 20 suites x 20 tests,
// each burning about 5 ms of this thread's CPU time (CLOCK_THREAD_CPUTIME_ID,
// so time spent waiting for a core does not count toward the 5 ms).
// BENCH_CPU_MICROSECONDS=N in the environment makes it N microseconds instead
// (dbtest hands the environment to its workers, all but DBTEST_ variables).
#include <dbtest/dbtest.hpp>

#include <time.h>

#include <cstdint>
#include <cstdlib>

namespace {

std::int64_t burn_nanoseconds() {
  static const std::int64_t value = [] {
    const char* text = std::getenv("BENCH_CPU_MICROSECONDS");
    const long long us = text ? std::atoll(text) : 0;
    return us > 0 ? static_cast<std::int64_t>(us) * 1000 : std::int64_t{5'000'000};  // 5 ms of CPU
  }();
  return value;
}

std::int64_t thread_cpu_ns() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<std::int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

// Spins on a volatile until the thread has used burn_nanoseconds() of CPU time.
// Returns how many rounds it made, so the test has a value to check.
std::uint64_t burn_cpu() {
  volatile std::uint64_t sink = 0;
  const std::int64_t start = thread_cpu_ns();
  const std::int64_t burn = burn_nanoseconds();
  std::uint64_t rounds = 0;
  do {
    for (int i = 0; i < 1000; ++i) sink = sink + static_cast<std::uint64_t>(i);
    ++rounds;
  } while (thread_cpu_ns() - start < burn);
  return rounds;
}

}  // namespace

#define DBTEST_BENCH_CPU_CASE(Suite, Case) \
  TEST(Suite, Case) { EXPECT_GT(burn_cpu(), 0u); }

#define DBTEST_BENCH_CPU_SUITE(Suite)  \
  DBTEST_BENCH_CPU_CASE(Suite, Burn00) \
  DBTEST_BENCH_CPU_CASE(Suite, Burn01) \
  DBTEST_BENCH_CPU_CASE(Suite, Burn02) \
  DBTEST_BENCH_CPU_CASE(Suite, Burn03) \
  DBTEST_BENCH_CPU_CASE(Suite, Burn04) \
  DBTEST_BENCH_CPU_CASE(Suite, Burn05) \
  DBTEST_BENCH_CPU_CASE(Suite, Burn06) \
  DBTEST_BENCH_CPU_CASE(Suite, Burn07) \
  DBTEST_BENCH_CPU_CASE(Suite, Burn08) \
  DBTEST_BENCH_CPU_CASE(Suite, Burn09) \
  DBTEST_BENCH_CPU_CASE(Suite, Burn10) \
  DBTEST_BENCH_CPU_CASE(Suite, Burn11) \
  DBTEST_BENCH_CPU_CASE(Suite, Burn12) \
  DBTEST_BENCH_CPU_CASE(Suite, Burn13) \
  DBTEST_BENCH_CPU_CASE(Suite, Burn14) \
  DBTEST_BENCH_CPU_CASE(Suite, Burn15) \
  DBTEST_BENCH_CPU_CASE(Suite, Burn16) \
  DBTEST_BENCH_CPU_CASE(Suite, Burn17) \
  DBTEST_BENCH_CPU_CASE(Suite, Burn18) \
  DBTEST_BENCH_CPU_CASE(Suite, Burn19)

DBTEST_BENCH_CPU_SUITE(CpuSuite00)
DBTEST_BENCH_CPU_SUITE(CpuSuite01)
DBTEST_BENCH_CPU_SUITE(CpuSuite02)
DBTEST_BENCH_CPU_SUITE(CpuSuite03)
DBTEST_BENCH_CPU_SUITE(CpuSuite04)
DBTEST_BENCH_CPU_SUITE(CpuSuite05)
DBTEST_BENCH_CPU_SUITE(CpuSuite06)
DBTEST_BENCH_CPU_SUITE(CpuSuite07)
DBTEST_BENCH_CPU_SUITE(CpuSuite08)
DBTEST_BENCH_CPU_SUITE(CpuSuite09)
DBTEST_BENCH_CPU_SUITE(CpuSuite10)
DBTEST_BENCH_CPU_SUITE(CpuSuite11)
DBTEST_BENCH_CPU_SUITE(CpuSuite12)
DBTEST_BENCH_CPU_SUITE(CpuSuite13)
DBTEST_BENCH_CPU_SUITE(CpuSuite14)
DBTEST_BENCH_CPU_SUITE(CpuSuite15)
DBTEST_BENCH_CPU_SUITE(CpuSuite16)
DBTEST_BENCH_CPU_SUITE(CpuSuite17)
DBTEST_BENCH_CPU_SUITE(CpuSuite18)
DBTEST_BENCH_CPU_SUITE(CpuSuite19)
