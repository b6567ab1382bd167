// PostgreSQL set-up benchmark: 8 suites x 3 trivial tests, so that 8 workers
// all start, each on its own clone. Every test counts the rows of one table of
// the reference schema that bench/run_benchmarks.sh generates (tables
// ref_01..ref_50, 1,000 rows each) through dbtest::postgres().
//
// BENCH_PG_STAMP_DIR=DIR in the environment (dbtest hands its workers every
// variable but the DBTEST_ ones): each worker process writes, after its first
// query, the wall-clock time (CLOCK_REALTIME, nanoseconds) into DIR/<pid>, so
// the benchmark can tell when the last worker had its clone.
// BENCH_PG_TEST_SLEEP_MS=N makes every test sleep N ms after its query, so no
// worker is done (and has its clone dropped) while other clones are made.
#include <dbtest/dbtest.hpp>

#include <time.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <string>
#include <thread>

#include <pqxx/pqxx>

namespace {

constexpr int kRowsPerTable = 1000;

void stamp_first_query() {
  static bool done = false;
  if (done) return;
  done = true;
  const char* dir = std::getenv("BENCH_PG_STAMP_DIR");
  if (!dir || !*dir) return;
  timespec ts{};
  clock_gettime(CLOCK_REALTIME, &ts);
  std::ofstream(std::string(dir) + "/" + std::to_string(getpid()))
      << static_cast<std::int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec << "\n";
}

long long count_rows(int table) {
  const std::string name = (table < 10 ? "ref_0" : "ref_") + std::to_string(table);
  pqxx::nontransaction tx(dbtest::postgres());
  const long long n = tx.exec1("SELECT count(*) FROM " + name)[0].as<long long>();
  stamp_first_query();
  static const long sleep_ms = [] {
    const char* text = std::getenv("BENCH_PG_TEST_SLEEP_MS");
    return text ? std::atol(text) : 0L;
  }();
  if (sleep_ms > 0) std::this_thread::sleep_for(std::chrono::milliseconds(sleep_ms));
  return n;
}

}  // namespace

// Suite S, test T reads table 3 * (S - 1) + T (ref_01..ref_24).
#define BENCH_PG_SUITE(S)                                                                          \
  TEST(PostgresSuite##S, CountsFirstTable) { EXPECT_EQ(count_rows(3 * ((S) - 1) + 1), kRowsPerTable); } \
  TEST(PostgresSuite##S, CountsSecondTable) { EXPECT_EQ(count_rows(3 * ((S) - 1) + 2), kRowsPerTable); } \
  TEST(PostgresSuite##S, CountsThirdTable) { EXPECT_EQ(count_rows(3 * ((S) - 1) + 3), kRowsPerTable); }

BENCH_PG_SUITE(1)
BENCH_PG_SUITE(2)
BENCH_PG_SUITE(3)
BENCH_PG_SUITE(4)
BENCH_PG_SUITE(5)
BENCH_PG_SUITE(6)
BENCH_PG_SUITE(7)
BENCH_PG_SUITE(8)
