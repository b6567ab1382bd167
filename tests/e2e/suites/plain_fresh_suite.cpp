// A plain GoogleTest binary (GTest::gtest_main and SQLite alone) whose tests
// commit a fixed key into the database DBTEST_SQLITE_PATH names, for
// --isolation test: a second test on the same database fails.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <cstdlib>
#include <string>

namespace {

void insert_the_fixed_key() {
  const char* path = std::getenv("DBTEST_SQLITE_PATH");
  ASSERT_NE(path, nullptr);
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path, &db), SQLITE_OK);
  char* error = nullptr;
  const int rc = sqlite3_exec(db, "CREATE TABLE plain_fixed (id INTEGER PRIMARY KEY); INSERT INTO plain_fixed VALUES (100)",
                              nullptr, nullptr, &error);
  EXPECT_EQ(rc, SQLITE_OK) << (error ? error : "");
  sqlite3_free(error);
  sqlite3_close(db);
}

TEST(PlainFixedKey, First) { insert_the_fixed_key(); }
TEST(PlainFixedKey, Second) { insert_the_fixed_key(); }
TEST(PlainFixedKey, Third) { insert_the_fixed_key(); }

}  // namespace
