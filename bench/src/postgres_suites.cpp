// PostgreSQL set-up benchmark: 8 suites x 3 trivial tests, so that 8 workers
// all start, each on its own clone. Every test counts the rows of one table of
// the reference schema that bench/bench_postgres.py generates (tables
// ref_01..ref_50, 1,000 rows each) through dbtest::postgres().
//
// BENCH_PG_STAMP_DIR and BENCH_PG_TEST_SLEEP_MS: see setup_probe.hpp.
#include <dbtest/postgres.hpp>

#include <string>

#include <pqxx/pqxx>

#include "setup_probe.hpp"

namespace {

constexpr int kRowsPerTable = 1000;

long long count_rows(int table) {
  const std::string name = bench::reference_table(table);
  pqxx::nontransaction tx(dbtest::postgres());
  const long long n = tx.exec1("SELECT count(*) FROM " + name)[0].as<long long>();
  bench::after_query("BENCH_PG");
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
