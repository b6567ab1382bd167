// Tests that check the ids the engine hands out, on the schema of
// migrations/ids_<engine>: every test expects the first id, whichever tests
// ran before it on its worker, which holds only if TransactionalTest sets
// the counters back. NoRestore shows the counters moving on without it.
#include <dbtest/dbtest.hpp>

#include "any_engine.hpp"

namespace {

// The id of a ticket just inserted, the way each engine tells it.
long long insert_ticket() {
  const std::string backend = dbtest::backend();
  if (backend == "postgresql") return e2e::query_number("INSERT INTO tickets(title) VALUES ('t') RETURNING id");
  e2e::run_statement("INSERT INTO tickets(title) VALUES ('t')");
  return e2e::query_number(backend == "mysql" ? "SELECT LAST_INSERT_ID()" : "SELECT last_insert_rowid()");
}

class Ids : public dbtest::TransactionalTest, public ::testing::WithParamInterface<int> {};

TEST_P(Ids, TheFirstTicketGetsIdOne) {
  EXPECT_EQ(insert_ticket(), 1);
  EXPECT_EQ(insert_ticket(), 2);
  if (dbtest::backend() == "postgresql") EXPECT_EQ(e2e::query_number("SELECT nextval('receipt_numbers')"), 1000);
}

INSTANTIATE_TEST_SUITE_P(Each, Ids, ::testing::Range(0, 6));

class NoRestore : public dbtest::TransactionalTest {
 protected:
  bool restores_id_counters() const override { return false; }
};

// In this order on one worker: without the fixture's help the counter of a
// server engine moves on; SQLite's is rolled back with the rows.
TEST_F(NoRestore, DrawsTheFirstId) { EXPECT_EQ(insert_ticket(), 1); }
TEST_F(NoRestore, DrawsTheNextIdAfterIt) { EXPECT_EQ(insert_ticket(), dbtest::backend() == "sqlite" ? 1 : 2); }

}  // namespace
