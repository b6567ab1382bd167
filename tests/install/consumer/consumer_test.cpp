#include <dbtest/dbtest.hpp>
#include <sqlite3.h>

class Counting : public dbtest::TransactionalTest {};

TEST_F(Counting, SeesTheMigratedTable) {
  sqlite3_stmt* stmt = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(dbtest::sqlite(), "SELECT COUNT(*) FROM items", -1, &stmt, nullptr), SQLITE_OK);
  ASSERT_EQ(sqlite3_step(stmt), SQLITE_ROW);
  EXPECT_EQ(sqlite3_column_int(stmt, 0), 2);
  sqlite3_finalize(stmt);
}
