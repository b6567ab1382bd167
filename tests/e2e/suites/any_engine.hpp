// SQL on this worker's database, whichever engine the run uses, for suites
// that the end-to-end tests run on SQLite, PostgreSQL and MariaDB alike.
// Statements run outside any transaction: what they write is committed.
// Each engine's half is in any_engine_<engine>.cpp; CMake compiles those of
// the engines the build has.
#pragma once

#include <string>
#include <string_view>

namespace e2e {

void run_statement(const std::string& sql);

// The first column of the first row of `sql`, a whole number.
long long query_number(const std::string& sql);

// What one engine's file provides, registered under dbtest::backend()'s name.
struct EngineSql {
  void (*run)(const std::string& sql);
  long long (*query)(const std::string& sql);
};
bool register_engine_sql(std::string_view backend, EngineSql sql);

}  // namespace e2e
