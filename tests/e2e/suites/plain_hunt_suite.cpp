// A plain GoogleTest binary with an order-dependent failure: Order.Polluter
// leaves a row in the worker's SQLite clone, and Order.Victim fails when it
// finds it. The Neutral tests touch nothing. For --bisect and --pair on a
// binary dbtest runs in batches.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <cstdlib>
#include <stdexcept>
#include <string>

namespace {

long long exec(const std::string& sql) {
  sqlite3* db = nullptr;
  const char* path = std::getenv("DBTEST_SQLITE_PATH");
  if (!path || sqlite3_open(path, &db) != SQLITE_OK) throw std::runtime_error("no clone to open");
  long long value = 0;
  sqlite3_exec(
      db, sql.c_str(),
      [](void* out, int, char** values, char**) {
        *static_cast<long long*>(out) = values[0] ? std::atoll(values[0]) : 0;
        return 0;
      },
      &value, nullptr);
  sqlite3_close(db);
  return value;
}

TEST(Order, Neutral1) {}
TEST(Order, Polluter) { exec("CREATE TABLE IF NOT EXISTS flags (name TEXT); INSERT INTO flags VALUES ('polluted')"); }
TEST(Order, Neutral2) {}
TEST(Order, Neutral3) {}
TEST(Order, Victim) {
  exec("CREATE TABLE IF NOT EXISTS flags (name TEXT)");
  EXPECT_EQ(exec("SELECT count(*) FROM flags"), 0) << "a test before this one left a flag";
}
TEST(Order, Neutral4) {}

}  // namespace
