// A plain GoogleTest binary on MySQL/MariaDB: GTest::gtest_main and
// Connector/C++, no dbtest library. It reaches its worker's copy as any
// program would: the server from MYSQL_HOST and MYSQL_TCP_PORT or
// MYSQL_UNIX_PORT, the account and the database from DATABASE_URL.
#include <cppconn/connection.h>
#include <cppconn/driver.h>
#include <cppconn/resultset.h>
#include <cppconn/statement.h>
#include <gtest/gtest.h>
#include <mysql_driver.h>

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

// mysql://USER:PASSWORD@HOST:PORT/DATABASE?params: the three parts the
// client's variables do not carry.
struct Account {
  std::string user, password, database;
};
Account account_from(const std::string& url) {
  std::string rest = url.substr(url.find("://") + 3);
  const auto at = rest.rfind('@');
  const std::string credentials = rest.substr(0, at);
  rest = rest.substr(at + 1);
  const auto colon = credentials.find(':');
  std::string database = rest.substr(rest.find('/') + 1);
  database = database.substr(0, database.find('?'));
  return {credentials.substr(0, colon), colon == std::string::npos ? "" : credentials.substr(colon + 1), database};
}

std::unique_ptr<sql::Connection> connect() {
  const Account a = account_from(env("DATABASE_URL"));
  sql::ConnectOptionsMap options;
  options["userName"] = a.user;
  options["password"] = a.password;
  options["schema"] = a.database;
  if (!env("MYSQL_UNIX_PORT").empty()) {
    options["hostName"] = sql::SQLString("unix://" + env("MYSQL_UNIX_PORT"));
  } else {
    options["hostName"] = sql::SQLString("tcp://" + env("MYSQL_HOST") + ":" + env("MYSQL_TCP_PORT"));
  }
  return std::unique_ptr<sql::Connection>(sql::mysql::get_mysql_driver_instance()->connect(options));
}

std::string scalar(sql::Connection& c, const std::string& query) {
  std::unique_ptr<sql::Statement> s(c.createStatement());
  std::unique_ptr<sql::ResultSet> r(s->executeQuery(query));
  return r->next() ? std::string(r->getString(1)) : "";
}

void execute(sql::Connection& c, const std::string& statement) {
  std::unique_ptr<sql::Statement> s(c.createStatement());
  s->execute(statement);
}

TEST(PlainMysql, TheClientVariablesAndTheUrlReachTheWorkersCopy) {
  auto c = connect();
  EXPECT_EQ(scalar(*c, "SELECT DATABASE()"), account_from(env("DATABASE_URL")).database);
  EXPECT_EQ(env("DBTEST_BACKEND"), "mysql");
  EXPECT_FALSE(env("MYSQL_HOST").empty());
}

class PlainMysqlRows : public ::testing::TestWithParam<int> {};
TEST_P(PlainMysqlRows, StayInTheirWorkersCopy) {
  auto c = connect();
  const std::string worker = env("DBTEST_WORKER_ID");
  execute(*c, "CREATE TABLE IF NOT EXISTS plain_rows (worker VARCHAR(10), test INT)");
  execute(*c, "INSERT INTO plain_rows VALUES ('" + worker + "', " + std::to_string(GetParam()) + ")");
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_EQ(scalar(*c, "SELECT count(*) FROM plain_rows WHERE worker <> '" + worker + "'"), "0");
  EXPECT_NE(scalar(*c, "SELECT count(*) FROM dbtest_migrations"), "0");
}
INSTANTIATE_TEST_SUITE_P(Eight, PlainMysqlRows, ::testing::Range(0, 8));

}  // namespace
