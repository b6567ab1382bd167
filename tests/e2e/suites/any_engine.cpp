#include "any_engine.hpp"

#include <dbtest/dbtest.hpp>

#include <map>
#include <stdexcept>

namespace e2e {
namespace {

std::map<std::string, EngineSql, std::less<>>& engines() {
  static std::map<std::string, EngineSql, std::less<>> all;
  return all;
}

const EngineSql& engine_sql() {
  const std::string backend = dbtest::backend();
  const auto it = engines().find(backend);
  if (it == engines().end()) throw std::runtime_error("this suite was built without the " + backend + " engine");
  return it->second;
}

}  // namespace

bool register_engine_sql(std::string_view backend, EngineSql sql) {
  engines().insert_or_assign(std::string(backend), sql);
  return true;
}

void run_statement(const std::string& sql) { engine_sql().run(sql); }

long long query_number(const std::string& sql) { return engine_sql().query(sql); }

}  // namespace e2e
