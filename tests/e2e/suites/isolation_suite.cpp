// Every suite inserts rows and then counts the whole table. On a shared
// database they would see each other's rows; each worker's own clone keeps
// every count exact. The tests commit on purpose (no rollback).
#include <dbtest/dbtest.hpp>

#include <chrono>
#include <cstdlib>
#include <string>
#include <thread>

#include "suite_support.hpp"

namespace {

void insert_and_count(const std::string& owner) {
  const long long before = e2e::query_int("SELECT COUNT(*) FROM items");
  for (int i = 0; i < 5; ++i) {
    e2e::exec("INSERT INTO items(name, owner) VALUES ('row" + std::to_string(i) + "', '" + owner + "')");
    // Give the other workers time to interleave if they shared this table.
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_EQ(e2e::query_int("SELECT COUNT(*) FROM items"), before + 5);
  EXPECT_EQ(e2e::query_int("SELECT COUNT(*) FROM items WHERE owner IS NOT NULL AND owner <> '" + owner + "'"), 0)
      << "rows of another suite are visible";
  // The end-to-end test that proves these tests need isolation keeps the rows,
  // as a test running at the same time on a shared database would see them.
  if (!std::getenv("ISOLATION_KEEP_ROWS")) e2e::exec("DELETE FROM items WHERE owner = '" + owner + "'");
}

}  // namespace

#define ISOLATION_SUITE(Name)                                   \
  TEST(Name, SeesOnlyItsOwnRows) { insert_and_count(#Name); }   \
  TEST(Name, StartsFromTheSeed) { EXPECT_EQ(e2e::query_int("SELECT COUNT(*) FROM items"), 2); }

ISOLATION_SUITE(Apples)
ISOLATION_SUITE(Pears)
ISOLATION_SUITE(Plums)
ISOLATION_SUITE(Cherries)
ISOLATION_SUITE(Grapes)
ISOLATION_SUITE(Lemons)
ISOLATION_SUITE(Limes)
ISOLATION_SUITE(Melons)
