// A plain GoogleTest binary on PostgreSQL: GTest::gtest_main and libpq, no
// dbtest library. It reaches its worker's clone through libpq's defaults
// (PQconnectdb("") reads PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE)
// and through DATABASE_URL.
#include <gtest/gtest.h>
#include <libpq-fe.h>

#include <chrono>
#include <cstdlib>
#include <memory>
#include <string>
#include <thread>

namespace {

std::string env(const char* name) {
  const char* value = std::getenv(name);
  return value ? value : "";
}

using Connection = std::unique_ptr<PGconn, decltype(&PQfinish)>;

Connection connect(const std::string& conninfo) {
  Connection c(PQconnectdb(conninfo.c_str()), &PQfinish);
  if (PQstatus(c.get()) != CONNECTION_OK) throw std::runtime_error(PQerrorMessage(c.get()));
  return c;
}

std::string scalar(PGconn* c, const std::string& sql) {
  std::unique_ptr<PGresult, decltype(&PQclear)> r(PQexec(c, sql.c_str()), &PQclear);
  const auto status = PQresultStatus(r.get());
  if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) throw std::runtime_error(PQerrorMessage(c));
  return status == PGRES_TUPLES_OK && PQntuples(r.get()) > 0 ? PQgetvalue(r.get(), 0, 0) : "";
}

TEST(PlainPostgres, LibpqDefaultsAndDatabaseUrlReachTheSameClone) {
  auto by_defaults = connect("");
  auto by_url = connect(env("DATABASE_URL"));
  const std::string name = scalar(by_defaults.get(), "SELECT current_database()");
  EXPECT_EQ(name, env("PGDATABASE"));
  EXPECT_EQ(scalar(by_url.get(), "SELECT current_database()"), name);
  EXPECT_EQ(env("DBTEST_BACKEND"), "postgresql");
  EXPECT_EQ(env("DBTEST_DATABASE_URL"), env("DATABASE_URL"));
  EXPECT_NE(name.find(env("DBTEST_RUN_ID")), std::string::npos) << name;
}

class PlainPostgresRows : public ::testing::TestWithParam<int> {};
TEST_P(PlainPostgresRows, StayInTheirWorkersClone) {
  auto c = connect("");
  const std::string worker = env("DBTEST_WORKER_ID");
  scalar(c.get(), "CREATE TABLE IF NOT EXISTS plain_rows (worker text, test int)");
  scalar(c.get(), "INSERT INTO plain_rows VALUES ('" + worker + "', " + std::to_string(GetParam()) + ")");
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_EQ(scalar(c.get(), "SELECT count(*) FROM plain_rows WHERE worker <> '" + worker + "'"), "0");
  EXPECT_NE(scalar(c.get(), "SELECT count(*) FROM dbtest_migrations"), "0");
}
INSTANTIATE_TEST_SUITE_P(Eight, PlainPostgresRows, ::testing::Range(0, 8));

}  // namespace
