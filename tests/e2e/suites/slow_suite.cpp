// Tests that write to the database and then take a little while, on every
// engine, so that a run of them lasts long enough to be interrupted at any
// moment: four suites of two tests, run on migrations/portable.
//
// What the end-to-end tests pass through the environment:
//   SLOW_SUITE_SLEEP_MS     how long each test sleeps with its row written (default 150)
//   SLOW_SUITE_HANG_DIR     set: every test hangs instead, after forking a child
//                           that hangs too, and after writing a file named after
//                           its worker's pid, holding the run id, into this folder
//   SLOW_SUITE_IGNORE_TERM  "1": the hanging worker and its child ignore SIGTERM
#include <cppconn/connection.h>
#include <cppconn/resultset.h>
#include <cppconn/statement.h>
#include <dbtest/dbtest.hpp>
#include <pqxx/pqxx>
#include <sqlite3.h>

#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <thread>

namespace {

// Runs on the worker's own clone, whichever engine the run uses.
long long query_int(const std::string& sql) {
  if (dbtest::backend() == "postgresql") {
    pqxx::nontransaction tx(dbtest::postgres());
    return tx.exec1(sql)[0].as<long long>();
  }
  if (dbtest::backend() == "mysql") {
    std::unique_ptr<sql::Statement> statement(dbtest::mysql().createStatement());
    std::unique_ptr<sql::ResultSet> result(statement->executeQuery(sql));
    return result->next() ? result->getInt64(1) : -1;
  }
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(dbtest::sqlite(), sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) {
    throw std::runtime_error(sqlite3_errmsg(dbtest::sqlite()));
  }
  long long value = -1;
  if (sqlite3_step(stmt) == SQLITE_ROW) value = sqlite3_column_int64(stmt, 0);
  sqlite3_finalize(stmt);
  return value;
}

void exec(const std::string& sql) {
  if (dbtest::backend() == "postgresql") {
    pqxx::nontransaction tx(dbtest::postgres());
    tx.exec0(sql);
  } else if (dbtest::backend() == "mysql") {
    std::unique_ptr<sql::Statement> statement(dbtest::mysql().createStatement());
    statement->execute(sql);
  } else {
    char* error = nullptr;
    if (sqlite3_exec(dbtest::sqlite(), sql.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
      const std::string message = error ? error : "?";
      sqlite3_free(error);
      throw std::runtime_error(message);
    }
  }
}

[[noreturn]] void hang_forever() {
  for (;;) std::this_thread::sleep_for(std::chrono::hours(1));
}

// A test stuck for good, as one waiting on a lock or a service, with a child
// of its own: whoever ends the run must end the worker's whole process group.
void hang(const std::filesystem::path& dir) {
  const char* ignore_term = std::getenv("SLOW_SUITE_IGNORE_TERM");
  // A worker that will not stop when asked makes a polite clean-up wait.
  if (ignore_term && std::string(ignore_term) == "1") std::signal(SIGTERM, SIG_IGN);
  if (::fork() == 0) hang_forever();
  // Written under another name and renamed, so a reader never sees half of it.
  const auto pid = std::to_string(::getpid());
  const auto partial = dir / ("." + pid + ".partial");
  std::ofstream(partial) << dbtest::run_id() << "\n";
  std::filesystem::rename(partial, dir / pid);
  hang_forever();
}

class Slow : public dbtest::TransactionalTest {
 protected:
  void touch_the_database_and_wait(int id) {
    if (const char* dir = std::getenv("SLOW_SUITE_HANG_DIR")) hang(dir);
    exec("INSERT INTO items(id, name) VALUES (" + std::to_string(id) + ", 'slow')");
    EXPECT_EQ(query_int("SELECT COUNT(*) FROM items"), 3);
    const char* sleep_ms = std::getenv("SLOW_SUITE_SLEEP_MS");
    std::this_thread::sleep_for(std::chrono::milliseconds(sleep_ms ? std::atoi(sleep_ms) : 150));
  }
};

}  // namespace

#define SLOW_SUITE(Name, id)                                  \
  class Name : public Slow {};                                \
  TEST_F(Name, First) { touch_the_database_and_wait(id); }    \
  TEST_F(Name, Second) { touch_the_database_and_wait(id + 1); }

SLOW_SUITE(Apples, 10)
SLOW_SUITE(Pears, 20)
SLOW_SUITE(Plums, 30)
SLOW_SUITE(Cherries, 40)
