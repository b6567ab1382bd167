#include <cppconn/connection.h>
#include <cppconn/resultset.h>
#include <cppconn/statement.h>
#include <dbtest/mysql.hpp>

#include <memory>
#include <stdexcept>

#include "any_engine.hpp"

namespace e2e {
namespace {

void run(const std::string& sql) { std::unique_ptr<sql::Statement>(dbtest::mysql().createStatement())->execute(sql); }

long long query(const std::string& sql) {
  std::unique_ptr<sql::Statement> statement(dbtest::mysql().createStatement());
  std::unique_ptr<sql::ResultSet> result(statement->executeQuery(sql));
  if (!result->next()) throw std::runtime_error(sql + ": no row");
  return result->getInt64(1);
}

const bool registered = register_engine_sql("mysql", {&run, &query});

}  // namespace
}  // namespace e2e
