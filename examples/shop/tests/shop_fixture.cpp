#include "shop_fixture.hpp"

#include <stdexcept>

namespace shop_test {

std::unique_ptr<shop::Database> worker_database() {
  const std::string backend = dbtest::backend();
  if (backend == "postgresql") return std::make_unique<shop::PostgresDatabase>(dbtest::postgres());
  if (backend == "sqlite") return std::make_unique<shop::SqliteDatabase>(dbtest::sqlite());
  throw std::runtime_error("the shop suite runs on sqlite or postgresql, not on " + backend);
}

void exec(shop::Database& db, const std::string& sql) {
  shop::Savepoint statement(db, "shop_test_statement");
  db.execute(sql);
  statement.release();
}

std::int64_t scalar(shop::Database& db, const std::string& sql) {
  auto value = db.query_int64(sql);
  if (!value) throw std::runtime_error("no value from: " + sql);
  return *value;
}

std::int64_t count_rows(shop::Database& db, const std::string& table) {
  return scalar(db, "SELECT count(*) FROM " + table);
}

void restart_ids(shop::Database& db) {
  if (db.engine() != shop::Engine::postgresql) return;
  // Every identity column of the shop's schema; setval() is not undone by a
  // rollback, so it works inside or outside the test's transaction.
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

shop::Cart cart_for(std::int64_t customer_id, std::initializer_list<shop::CartLine> lines,
                    std::optional<std::string> coupon) {
  return shop::Cart{customer_id, customer_id, lines, std::move(coupon)};
}

std::int64_t place_paid_order(shop::Database& db, std::int64_t customer_id,
                              std::int64_t product_id, std::int64_t quantity) {
  shop::Orders orders(db);
  std::int64_t id = orders.place(cart_for(customer_id, {{product_id, quantity}}));
  shop::Payments(db).capture(id, orders.get(id).totals.total, "card");
  return id;
}

void ShopTest::SetUp() {
  db_ = worker_database();
  if (db_->engine() == shop::Engine::sqlite) {
    // Before the base class opens the transaction: inside one SQLite ignores
    // this pragma. The module relies on ON DELETE CASCADE and on foreign keys
    // refusing dangling rows (PostgreSQL always enforces them).
    db_->execute("PRAGMA foreign_keys = ON");
  }
  restart_ids(*db_);
  dbtest::TransactionalTest::SetUp();
}

}  // namespace shop_test
