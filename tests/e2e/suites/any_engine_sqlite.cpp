#include <dbtest/dbtest.hpp>
#include <sqlite3.h>

#include <stdexcept>

#include "any_engine.hpp"

namespace e2e {
namespace {

void run(const std::string& sql) {
  char* error = nullptr;
  if (sqlite3_exec(dbtest::sqlite(), sql.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
    const std::string message = error ? error : "?";
    sqlite3_free(error);
    throw std::runtime_error(sql + ": " + message);
  }
}

long long query(const std::string& sql) {
  sqlite3_stmt* statement = nullptr;
  if (sqlite3_prepare_v2(dbtest::sqlite(), sql.c_str(), -1, &statement, nullptr) != SQLITE_OK) {
    throw std::runtime_error(sql + ": " + sqlite3_errmsg(dbtest::sqlite()));
  }
  const long long value = sqlite3_step(statement) == SQLITE_ROW ? sqlite3_column_int64(statement, 0) : -1;
  sqlite3_finalize(statement);
  return value;
}

const bool registered = register_engine_sql("sqlite", {&run, &query});

}  // namespace
}  // namespace e2e
