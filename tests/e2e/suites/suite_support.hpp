// Small helpers for the suites the end-to-end tests run under dbtest.
#pragma once

#include <sqlite3.h>

#include <string>

namespace e2e {

inline long long query_int(const std::string& sql) {
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(dbtest::sqlite(), sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) {
    throw std::runtime_error(sqlite3_errmsg(dbtest::sqlite()));
  }
  long long value = -1;
  if (sqlite3_step(stmt) == SQLITE_ROW) value = sqlite3_column_int64(stmt, 0);
  sqlite3_finalize(stmt);
  return value;
}

inline void exec(const std::string& sql) {
  char* error = nullptr;
  if (sqlite3_exec(dbtest::sqlite(), sql.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
    std::string message = error ? error : "?";
    sqlite3_free(error);
    throw std::runtime_error(message);
  }
}

}  // namespace e2e
