#include "catalog.hpp"

#include "errors.hpp"
#include "sql.hpp"

namespace shop {

namespace {

constexpr const char* kProductColumns =
    "SELECT id, sku, name, category_id, supplier_id, price_cents, active FROM products ";

Product read_product(const sql::Statement& stmt) {
  return Product{stmt.int64(0), stmt.text(1), stmt.text(2), stmt.int64(3),
                 stmt.int64(4), stmt.int64(5), stmt.int64(6) != 0};
}

std::vector<Product> read_products(sql::Statement& stmt) {
  std::vector<Product> products;
  while (stmt.step()) products.push_back(read_product(stmt));
  return products;
}

// LIKE treats % and _ as wildcards; a customer searching for "100%" means the
// characters.
std::string like_pattern(std::string_view text) {
  std::string pattern = "%";
  for (char c : text) {
    if (c == '%' || c == '_' || c == '\\') pattern += '\\';
    pattern += c;
  }
  pattern += '%';
  return pattern;
}

}  // namespace

std::optional<Product> Catalog::find(std::int64_t id) const {
  sql::Statement stmt(db_, std::string(kProductColumns) + "WHERE id = ?1");
  stmt.bind(id);
  if (!stmt.step()) return std::nullopt;
  return read_product(stmt);
}

std::optional<Product> Catalog::find_by_sku(std::string_view sku) const {
  sql::Statement stmt(db_, std::string(kProductColumns) + "WHERE sku = ?1");
  stmt.bind(to_upper(sku));
  if (!stmt.step()) return std::nullopt;
  return read_product(stmt);
}

void Catalog::require_category(std::int64_t category_id) const {
  if (!sql::query_int64(db_, "SELECT 1 FROM categories WHERE id = ?1", category_id)) {
    throw NotFound("category", category_id);
  }
}

std::vector<Product> Catalog::list_by_category(std::int64_t category_id,
                                               bool include_subcategories) const {
  require_category(category_id);
  sql::Statement stmt(db_,
                      "WITH RECURSIVE tree(id) AS ("
                      "  SELECT ?1"
                      "  UNION SELECT c.id FROM categories c JOIN tree ON c.parent_id = tree.id"
                      "  WHERE ?2) " +
                          std::string(kProductColumns) +
                          "WHERE active = 1 AND category_id IN (SELECT id FROM tree) "
                          "ORDER BY name, id");
  stmt.bind(category_id, include_subcategories ? 1 : 0);
  return read_products(stmt);
}

std::vector<Product> Catalog::search(std::string_view text) const {
  sql::Statement stmt(db_, std::string(kProductColumns) +
                               "WHERE active = 1 AND name LIKE ?1 ESCAPE '\\' ORDER BY name, id");
  stmt.bind(like_pattern(text));
  return read_products(stmt);
}

std::int64_t Catalog::add_product(const NewProduct& product) {
  if (product.price_cents < 0) throw InvalidArgument("price must not be negative");
  if (product.name.empty()) throw InvalidArgument("product needs a name");
  std::string sku = to_upper(product.sku);
  if (find_by_sku(sku)) throw InvalidArgument("SKU " + sku + " already exists");
  require_category(product.category_id);
  if (!sql::query_int64(db_, "SELECT 1 FROM suppliers WHERE id = ?1", product.supplier_id)) {
    throw NotFound("supplier", product.supplier_id);
  }
  sql::Statement stmt(db_,
                      "INSERT INTO products (sku, name, category_id, supplier_id, price_cents) "
                      "VALUES (?1, ?2, ?3, ?4, ?5)");
  stmt.bind(sku, product.name, product.category_id, product.supplier_id, product.price_cents);
  stmt.run();
  return sqlite3_last_insert_rowid(db_);
}

void Catalog::change_price(std::int64_t product_id, Cents new_price_cents) {
  if (new_price_cents < 0) throw InvalidArgument("price must not be negative");
  sql::Statement stmt(db_, "UPDATE products SET price_cents = ?2 WHERE id = ?1");
  stmt.bind(product_id, new_price_cents);
  stmt.run();
  if (sqlite3_changes(db_) == 0) throw NotFound("product", product_id);
}

int Catalog::reprice_category(std::int64_t category_id, int percent) {
  if (percent < -90 || percent > 100) {
    throw InvalidArgument("repricing by " + std::to_string(percent) + " % is not plausible");
  }
  require_category(category_id);
  sql::Savepoint savepoint(db_, "shop_reprice");
  // Counted before the update: sqlite3_changes() would also count rows
  // whose rounded price stayed the same.
  auto changing = sql::query_int64(db_,
                                   "SELECT count(*) FROM products WHERE category_id = ?1 "
                                   "AND active = 1 AND (price_cents * (100 + ?2) + 50) / 100 "
                                   "<> price_cents",
                                   category_id, percent);
  sql::Statement stmt(db_,
                      "UPDATE products SET price_cents = (price_cents * (100 + ?2) + 50) / 100 "
                      "WHERE category_id = ?1 AND active = 1");
  stmt.bind(category_id, percent);
  stmt.run();
  savepoint.release();
  return static_cast<int>(changing.value_or(0));
}

std::vector<PriceChange> Catalog::price_history(std::int64_t product_id) const {
  sql::Statement stmt(db_,
                      "SELECT old_price_cents, new_price_cents, changed_at FROM price_history "
                      "WHERE product_id = ?1 ORDER BY id");
  stmt.bind(product_id);
  std::vector<PriceChange> changes;
  while (stmt.step()) changes.push_back({stmt.int64(0), stmt.int64(1), stmt.text(2)});
  return changes;
}

void Catalog::discontinue(std::int64_t product_id) {
  sql::Statement stmt(db_, "UPDATE products SET active = 0 WHERE id = ?1");
  stmt.bind(product_id);
  stmt.run();
  if (sqlite3_changes(db_) == 0) throw NotFound("product", product_id);
}

int Catalog::purge_discontinued() {
  sql::Statement stmt(db_,
                      "DELETE FROM products WHERE active = 0 AND NOT EXISTS "
                      "(SELECT 1 FROM order_lines l WHERE l.product_id = products.id)");
  stmt.run();
  return sqlite3_changes(db_);
}

}  // namespace shop
