// Runs on a PostgreSQL clone: isolation, libpq's defaults, rollback.
#include <dbtest/postgres.hpp>
#include <libpq-fe.h>

#include <chrono>
#include <cstdlib>
#include <string>
#include <thread>

#include <pqxx/pqxx>

namespace {

long long count(const std::string& sql) {
  pqxx::nontransaction tx(dbtest::postgres());
  return tx.exec1(sql)[0].as<long long>();
}

void exec(const std::string& sql) {
  pqxx::nontransaction tx(dbtest::postgres());
  tx.exec0(sql);
}

void insert_and_count(const std::string& owner) {
  // Lets a test stop the server while tests run.
  if (const char* pause = std::getenv("PG_SUITE_PAUSE_MS")) std::this_thread::sleep_for(std::chrono::milliseconds(std::atoi(pause)));
  const long long before = count("SELECT count(*) FROM items");
  for (int i = 0; i < 5; ++i) {
    exec("INSERT INTO items(name, owner) VALUES ('row', '" + owner + "')");
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_EQ(count("SELECT count(*) FROM items"), before + 5);
  EXPECT_EQ(count("SELECT count(*) FROM items WHERE owner IS NOT NULL AND owner <> '" + owner + "'"), 0)
      << "rows of another suite are visible";
  if (!std::getenv("ISOLATION_KEEP_ROWS")) exec("DELETE FROM items WHERE owner = '" + owner + "'");
}

}  // namespace

#define ISOLATION_SUITE(Name) \
  TEST(Name, SeesOnlyItsOwnRows) { insert_and_count(#Name); }

ISOLATION_SUITE(Apples)
ISOLATION_SUITE(Pears)
ISOLATION_SUITE(Plums)
ISOLATION_SUITE(Cherries)

TEST(Clone, IsMigratedAndRecordsItsMigrations) {
  EXPECT_EQ(count("SELECT count(*) FROM dbtest_migrations"), 2);
  EXPECT_EQ(count("SELECT count(*) FROM items WHERE owner IS NULL"), 2);
  EXPECT_EQ(dbtest::backend(), "postgresql");
}

TEST(Clone, LibpqDefaultsReachTheClone) {
  // Code that connects with libpq's defaults needs no change.
  PGconn* conn = PQconnectdb("");
  ASSERT_EQ(PQstatus(conn), CONNECTION_OK) << PQerrorMessage(conn);
  EXPECT_EQ(std::string(PQdb(conn)), dbtest::postgres().dbname());
  PQfinish(conn);
}

TEST(Clone, PublishesItsName) { dbtest::publish("clone." + std::to_string(dbtest::worker_id()), dbtest::postgres().dbname()); }

class Rollback : public dbtest::TransactionalTest {};
TEST_F(Rollback, InsertIsVisibleInsideTheTest) {
  exec("INSERT INTO items(name) VALUES ('temporary')");
  EXPECT_EQ(count("SELECT count(*) FROM items WHERE name = 'temporary'"), 1);
}
TEST_F(Rollback, InsertOfTheEarlierTestWasRolledBack) {
  EXPECT_EQ(count("SELECT count(*) FROM items WHERE name = 'temporary'"), 0);
}
