// A test that fails after writing a row, and one that ran before it, for
// --keep-failed-db on every engine (schema: migrations/portable). Kept.* checks
// a kept database when the binary is pointed at one on its own
// (KEEP_SUITE_CHECK set); under dbtest it is filtered out.
#include <dbtest/dbtest.hpp>

#include <cstdlib>

#include "any_engine.hpp"

namespace {

class Before : public dbtest::TransactionalTest {};
TEST_F(Before, WritesAndRollsBack) { e2e::run_statement("INSERT INTO items(id, name) VALUES (200, 'rolled back')"); }

class Failing : public dbtest::TransactionalTest {};
TEST_F(Failing, LeavesItsRowForAPerson) {
  e2e::run_statement("INSERT INTO items(id, name) VALUES (300, 'evidence')");
  FAIL() << "failing on purpose, after writing row 300";
}

TEST(Kept, HoldsTheFailedTestsRowAndNothingElse) {
  if (!std::getenv("KEEP_SUITE_CHECK")) GTEST_SKIP() << "only for a kept database";
  EXPECT_EQ(e2e::query_number("SELECT COUNT(*) FROM items WHERE id = 300"), 1);
  EXPECT_EQ(e2e::query_number("SELECT COUNT(*) FROM items WHERE id = 200"), 0);
  EXPECT_EQ(e2e::query_number("SELECT COUNT(*) FROM items"), 3);
}

}  // namespace
