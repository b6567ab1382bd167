// Tests that leave the worker's clone changed, and tests that do not, for
// --check-clean on every engine (schema: migrations/portable, two seed rows
// in items). Registered in the order a single worker runs them.
#include <dbtest/dbtest.hpp>

#include "any_engine.hpp"

namespace {

// Outside any transaction: the row is committed, and stays.
TEST(Dirty, CommitsARow) { e2e::run_statement("INSERT INTO items(id, name) VALUES (100, 'left behind')"); }

class Rolled : public dbtest::TransactionalTest {};
TEST_F(Rolled, BackInsertLeavesNothing) { e2e::run_statement("INSERT INTO items(id, name) VALUES (101, 'rolled back')"); }

TEST(Clean, SeesOnlyTheSeedRows) { EXPECT_EQ(e2e::query_number("SELECT COUNT(*) FROM items"), 2); }

}  // namespace
