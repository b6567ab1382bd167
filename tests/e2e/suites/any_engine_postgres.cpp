#include <dbtest/postgres.hpp>
#include <pqxx/pqxx>

#include "any_engine.hpp"

namespace e2e {
namespace {

void run(const std::string& sql) { pqxx::nontransaction(dbtest::postgres()).exec0(sql); }

long long query(const std::string& sql) {
  return pqxx::nontransaction(dbtest::postgres()).exec1(sql)[0].as<long long>();
}

const bool registered = register_engine_sql("postgresql", {&run, &query});

}  // namespace
}  // namespace e2e
