// MySQL set-up benchmark: 8 suites x 3 trivial tests, so that 8 workers all
// start, each on its own copy. Every test counts the rows of one table of the
// reference schema that bench/bench_mysql.py generates (tables
// ref_01..ref_50, 1,000 rows each) through dbtest::mysql().
//
// BENCH_MY_STAMP_DIR and BENCH_MY_TEST_SLEEP_MS: see setup_probe.hpp.
#include <dbtest/mysql.hpp>

#include <memory>
#include <string>

#include <cppconn/connection.h>
#include <cppconn/resultset.h>
#include <cppconn/statement.h>

#include "setup_probe.hpp"

namespace {

constexpr int kRowsPerTable = 1000;

long long count_rows(int table) {
  const std::string name = bench::reference_table(table);
  std::unique_ptr<sql::Statement> statement(dbtest::mysql().createStatement());
  std::unique_ptr<sql::ResultSet> rows(statement->executeQuery("SELECT count(*) FROM " + name));
  const long long n = rows->next() ? static_cast<long long>(rows->getInt64(1)) : -1;
  bench::after_query("BENCH_MY");
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
