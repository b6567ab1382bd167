#include <cppconn/connection.h>
#include <cppconn/resultset.h>
#include <cppconn/statement.h>
#include <dbtest/mysql.hpp>

#include <memory>

namespace {

int count_items() {
  std::unique_ptr<sql::Statement> statement(dbtest::mysql().createStatement());
  std::unique_ptr<sql::ResultSet> result(statement->executeQuery("SELECT COUNT(*) FROM items"));
  return result->next() ? result->getInt(1) : -1;
}

}  // namespace

class Counting : public dbtest::TransactionalTest {};

TEST_F(Counting, SeesTheMigratedTableAndRollsBack) {
  EXPECT_EQ(count_items(), 2);
  std::unique_ptr<sql::Statement>(dbtest::mysql().createStatement())
      ->execute("INSERT INTO items(id, name) VALUES (3, 'rolled back')");
}

TEST_F(Counting, DoesNotSeeTheRowOfTheTestBefore) { EXPECT_EQ(count_items(), 2); }
