// The shop suite on PostgreSQL: dbtest::postgres(), from dbtest::postgres.
#include <dbtest/postgres.hpp>
#include <pqxx/pqxx>

#include "engine_support.hpp"
#include "postgres_database.hpp"

namespace shop_test {
namespace {

class PostgresSecondConnection final : public SecondConnection {
 public:
  PostgresSecondConnection() : connection_(dbtest::database_url()) {
    db_ = std::make_unique<shop::PostgresDatabase>(connection_);
  }
  ~PostgresSecondConnection() override { db_.reset(); }

 private:
  pqxx::connection connection_;
};

std::unique_ptr<shop::Database> worker_database() { return std::make_unique<shop::PostgresDatabase>(dbtest::postgres()); }

std::unique_ptr<SecondConnection> open_second_connection() { return std::make_unique<PostgresSecondConnection>(); }

void restart_ids(shop::Database& db) {
  // Every identity column of the shop's schema; setval() is not undone
  // by a rollback, so it works inside or outside the test's transaction.
  db.execute(R"sql(
DO $$
DECLARE
  col record;
BEGIN
  FOR col IN
    SELECT c.relname AS table_name, a.attname AS column_name
    FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
    WHERE a.attidentity <> '' AND c.relkind = 'r'
      AND c.relnamespace = current_schema()::regnamespace
  LOOP
    EXECUTE format('SELECT setval(pg_get_serial_sequence(%L, %L), '
                   '              coalesce(max(%I), 0) + 1, false) FROM %I',
                   quote_ident(col.table_name), col.column_name,
                   col.column_name, col.table_name);
  END LOOP;
END
$$)sql");
}

std::string unchecked_foreign_key(shop::Database& db) {
  shop::Rows unvalidated = db.query(
      "SELECT conname FROM pg_constraint WHERE contype = 'f' AND NOT convalidated "
      "AND connamespace = current_schema()::regnamespace ORDER BY conname");
  return unvalidated.empty() ? std::string() : unvalidated.front().text(0);
}

const bool registered = register_engine_support(
    shop::Engine::postgresql,
    {.worker_database = &worker_database,
     .open_second_connection = &open_second_connection,
     .restart_ids = &restart_ids,
     .tables_named = "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema() AND tablename = $1",
     .view_count = "SELECT count(*) FROM pg_views WHERE schemaname = current_schema()",
     .trigger_count = "SELECT count(*) FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                      "WHERE NOT t.tgisinternal AND c.relnamespace = current_schema()::regnamespace",
     .unchecked_foreign_key = &unchecked_foreign_key});

}  // namespace
}  // namespace shop_test
