#include "shop_fixture.hpp"

namespace shop_test {

void exec(sqlite3* db, const std::string& sql) { shop::sql::exec(db, sql); }

std::int64_t scalar(sqlite3* db, const std::string& sql) {
  auto value = shop::sql::query_int64(db, sql);
  if (!value) throw std::runtime_error("no value from: " + sql);
  return *value;
}

std::int64_t count_rows(sqlite3* db, const std::string& table) {
  return scalar(db, "SELECT count(*) FROM " + table);
}

shop::Cart cart_for(std::int64_t customer_id, std::initializer_list<shop::CartLine> lines,
                    std::optional<std::string> coupon) {
  return shop::Cart{customer_id, customer_id, lines, std::move(coupon)};
}

std::int64_t place_paid_order(sqlite3* db, std::int64_t customer_id, std::int64_t product_id,
                              std::int64_t quantity) {
  shop::Orders orders(db);
  std::int64_t id = orders.place(cart_for(customer_id, {{product_id, quantity}}));
  shop::Payments(db).capture(id, orders.get(id).totals.total, "card");
  return id;
}

void ShopTest::SetUp() {
  db_ = dbtest::sqlite();
  // Before the base class opens the transaction: inside one SQLite ignores
  // this pragma. The module relies on ON DELETE CASCADE and on foreign keys
  // refusing dangling rows.
  exec(db_, "PRAGMA foreign_keys = ON");
  dbtest::TransactionalTest::SetUp();
}

}  // namespace shop_test
