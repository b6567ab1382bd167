// MySQL set-up benchmark: 8 suites x 3 trivial tests, so that 8 workers all
// start, each on its own copy. Every test counts the rows of one table of the
// reference schema that bench/mysql_benchmark.sh generates (tables
// ref_01..ref_50, 1,000 rows each) through dbtest::mysql().
//
// BENCH_MY_STAMP_DIR=DIR in the environment (dbtest hands its workers every
// variable but the DBTEST_ ones): each worker process writes, after its first
// query, the wall-clock time (CLOCK_REALTIME, nanoseconds) into DIR/<pid>, so
// the benchmark can tell when the last worker had its copy.
// BENCH_MY_TEST_SLEEP_MS=N makes every test sleep N ms after its query, so no
// worker is done (and has its copy dropped) while other copies are made.
#include <dbtest/dbtest.hpp>

#include <time.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <string>
#include <thread>

#include <cppconn/connection.h>
#include <cppconn/resultset.h>
#include <cppconn/statement.h>

namespace {

constexpr int kRowsPerTable = 1000;

void stamp_first_query() {
  static bool done = false;
  if (done) return;
  done = true;
  const char* dir = std::getenv("BENCH_MY_STAMP_DIR");
  if (!dir || !*dir) return;
  timespec ts{};
  clock_gettime(CLOCK_REALTIME, &ts);
  std::ofstream(std::string(dir) + "/" + std::to_string(getpid()))
      << static_cast<std::int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec << "\n";
}

long long count_rows(int table) {
  const std::string name = (table < 10 ? "ref_0" : "ref_") + std::to_string(table);
  std::unique_ptr<sql::Statement> statement(dbtest::mysql().createStatement());
  std::unique_ptr<sql::ResultSet> rows(statement->executeQuery("SELECT count(*) FROM " + name));
  const long long n = rows->next() ? static_cast<long long>(rows->getInt64(1)) : -1;
  stamp_first_query();
  static const long sleep_ms = [] {
    const char* text = std::getenv("BENCH_MY_TEST_SLEEP_MS");
    return text ? std::atol(text) : 0L;
  }();
  if (sleep_ms > 0) std::this_thread::sleep_for(std::chrono::milliseconds(sleep_ms));
  return n;
}

}  // namespace

// Suite S, test T reads table 3 * (S - 1) + T (ref_01..ref_24).
#define BENCH_MY_SUITE(S)                                                                          \
  TEST(MysqlSuite##S, CountsFirstTable) { EXPECT_EQ(count_rows(3 * ((S) - 1) + 1), kRowsPerTable); } \
  TEST(MysqlSuite##S, CountsSecondTable) { EXPECT_EQ(count_rows(3 * ((S) - 1) + 2), kRowsPerTable); } \
  TEST(MysqlSuite##S, CountsThirdTable) { EXPECT_EQ(count_rows(3 * ((S) - 1) + 3), kRowsPerTable); }

BENCH_MY_SUITE(1)
BENCH_MY_SUITE(2)
BENCH_MY_SUITE(3)
BENCH_MY_SUITE(4)
BENCH_MY_SUITE(5)
BENCH_MY_SUITE(6)
BENCH_MY_SUITE(7)
BENCH_MY_SUITE(8)
