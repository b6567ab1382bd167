// SQL on this worker's database, whichever engine the run uses, for suites
// that the end-to-end tests run on SQLite, PostgreSQL and MariaDB alike.
// Statements run outside any transaction: what they write is committed.
#pragma once

#include <cppconn/connection.h>
#include <cppconn/resultset.h>
#include <cppconn/statement.h>
#include <dbtest/dbtest.hpp>
#include <pqxx/pqxx>
#include <sqlite3.h>

#include <memory>
#include <stdexcept>
#include <string>

namespace e2e {

inline void run_statement(const std::string& sql) {
  const std::string backend = dbtest::backend();
  if (backend == "postgresql") {
    pqxx::nontransaction(dbtest::postgres()).exec0(sql);
  } else if (backend == "mysql") {
    std::unique_ptr<sql::Statement>(dbtest::mysql().createStatement())->execute(sql);
  } else {
    char* error = nullptr;
    if (sqlite3_exec(dbtest::sqlite(), sql.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
      const std::string message = error ? error : "?";
      sqlite3_free(error);
      throw std::runtime_error(sql + ": " + message);
    }
  }
}

// The first column of the first row of `sql`, a whole number.
inline long long query_number(const std::string& sql) {
  const std::string backend = dbtest::backend();
  if (backend == "postgresql") return pqxx::nontransaction(dbtest::postgres()).exec1(sql)[0].as<long long>();
  if (backend == "mysql") {
    std::unique_ptr<sql::Statement> statement(dbtest::mysql().createStatement());
    std::unique_ptr<sql::ResultSet> result(statement->executeQuery(sql));
    if (!result->next()) throw std::runtime_error(sql + ": no row");
    return result->getInt64(1);
  }
  sqlite3_stmt* statement = nullptr;
  if (sqlite3_prepare_v2(dbtest::sqlite(), sql.c_str(), -1, &statement, nullptr) != SQLITE_OK) {
    throw std::runtime_error(sql + ": " + sqlite3_errmsg(dbtest::sqlite()));
  }
  const long long value = sqlite3_step(statement) == SQLITE_ROW ? sqlite3_column_int64(statement, 0) : -1;
  sqlite3_finalize(statement);
  return value;
}

}  // namespace e2e
