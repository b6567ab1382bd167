// Tests that commit what they write and expect to find the database as
// migrated (schema: migrations/portable, two seed rows in items), for
// --isolation test on every engine. On one shared clone the second of each
// pair fails; with a fresh database per test every one passes, however often
// it runs.
#include <dbtest/dbtest.hpp>

#include "any_engine.hpp"

namespace {

void insert_the_fixed_key() {
  EXPECT_EQ(e2e::query_number("SELECT COUNT(*) FROM items"), 2) << "the database is not as migrated";
  e2e::run_statement("INSERT INTO items(id, name) VALUES (100, 'committed')");
  EXPECT_EQ(e2e::query_number("SELECT COUNT(*) FROM items WHERE id = 100"), 1);
}

TEST(FixedKey, InsertsRow100) { insert_the_fixed_key(); }
TEST(FixedKey, InsertsRow100Again) { insert_the_fixed_key(); }

// DDL, which MySQL commits on its own and no transaction could undo.
void create_the_table() { e2e::run_statement("CREATE TABLE made_by_a_test (id INTEGER)"); }
TEST(Schema, CreatesATable) { create_the_table(); }
TEST(Schema, CreatesTheSameTable) { create_the_table(); }

// A fixture that starts a transaction sees the fresh database too.
class Transactional : public dbtest::TransactionalTest {};
TEST_F(Transactional, SeesTheFixedKeyFree) {
  EXPECT_EQ(e2e::query_number("SELECT COUNT(*) FROM items WHERE id = 100"), 0);
  insert_the_fixed_key();
}

}  // namespace
