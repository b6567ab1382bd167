// What the suites share. What differs per engine is in engines/, one file
// per engine, so that the tests themselves read the same on SQLite,
// PostgreSQL and MySQL.
#include "shop_fixture.hpp"

#include <map>
#include <stdexcept>

#include "engines/engine_support.hpp"

namespace shop_test {
namespace {

std::map<shop::Engine, EngineSupport>& engines() {
  static std::map<shop::Engine, EngineSupport> all;
  return all;
}

const EngineSupport& support_for(shop::Engine engine) {
  const auto it = engines().find(engine);
  if (it == engines().end()) {
    throw std::runtime_error("the shop suite was built without " + std::string(shop::engine_name(engine)));
  }
  return it->second;
}

const EngineSupport& support_for_this_run() {
  const std::string backend = dbtest::backend();
  for (const shop::Engine engine : {shop::Engine::sqlite, shop::Engine::postgresql, shop::Engine::mysql}) {
    if (shop::engine_name(engine) == backend) return support_for(engine);
  }
  throw std::runtime_error("the shop suite runs on sqlite, postgresql or mysql, not on " + backend);
}

}  // namespace

bool register_engine_support(shop::Engine engine, EngineSupport support) {
  engines().insert_or_assign(engine, support);
  return true;
}

std::unique_ptr<shop::Database> worker_database() { return support_for_this_run().worker_database(); }

std::unique_ptr<SecondConnection> open_second_connection() { return support_for_this_run().open_second_connection(); }

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

void restart_ids(shop::Database& db) { support_for(db.engine()).restart_ids(db); }

std::int64_t tables_named(shop::Database& db, const std::string& name) {
  return db.query_int64(support_for(db.engine()).tables_named, name).value_or(0);
}

std::int64_t view_count(shop::Database& db) { return scalar(db, support_for(db.engine()).view_count); }

std::int64_t trigger_count(shop::Database& db) { return scalar(db, support_for(db.engine()).trigger_count); }

std::string unchecked_foreign_key(shop::Database& db) { return support_for(db.engine()).unchecked_foreign_key(db); }

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
  // Before the base class opens the transaction: SQLite ignores the
  // foreign_keys pragma inside one, and on MySQL restart_ids() commits.
  db_ = worker_database();
  restart_ids(*db_);
  dbtest::TransactionalTest::SetUp();
}

}  // namespace shop_test
