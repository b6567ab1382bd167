#include <dbtest/postgres.hpp>
#include <pqxx/pqxx>

class Counting : public dbtest::TransactionalTest {};

TEST_F(Counting, SeesTheMigratedTableAndRollsBack) {
  pqxx::nontransaction tx(dbtest::postgres());
  EXPECT_EQ(tx.exec1("SELECT COUNT(*) FROM items")[0].as<int>(), 2);
  tx.exec0("INSERT INTO items(id, name) VALUES (3, 'rolled back')");
}

TEST_F(Counting, DoesNotSeeTheRowOfTheTestBefore) {
  pqxx::nontransaction tx(dbtest::postgres());
  EXPECT_EQ(tx.exec1("SELECT COUNT(*) FROM items")[0].as<int>(), 2);
}
