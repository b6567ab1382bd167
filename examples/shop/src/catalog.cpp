#include "catalog.hpp"

#include "errors.hpp"

namespace shop {

namespace {

constexpr const char* kProductColumns =
    "SELECT id, sku, name, category_id, supplier_id, price_cents, active FROM products ";

Product read_product(const Row& row) {
  return Product{row.int64(0), row.text(1),  row.text(2), row.int64(3),
                 row.int64(4), row.int64(5), row.flag(6)};
}

std::vector<Product> read_products(const Rows& rows) {
  std::vector<Product> products;
  for (const Row& row : rows) products.push_back(read_product(row));
  return products;
}

// LIKE treats % and _ as wildcards; a customer searching for "100%" means the
// characters. The escape character is '!', not a backslash: in MySQL's string
// literals a backslash escapes the quote after it, so ESCAPE '\' would not even
// parse there, while '!' reads the same on every engine.
std::string like_pattern(std::string_view text) {
  std::string pattern = "%";
  for (char c : text) {
    if (c == '%' || c == '_' || c == '!') pattern += '!';
    pattern += c;
  }
  pattern += '%';
  return pattern;
}

}  // namespace

std::optional<Product> Catalog::find(std::int64_t id) const {
  Rows rows = db_->query(std::string(kProductColumns) + "WHERE id = $1", id);
  if (rows.empty()) return std::nullopt;
  return read_product(rows.front());
}

std::optional<Product> Catalog::find_by_sku(std::string_view sku) const {
  Rows rows = db_->query(std::string(kProductColumns) + "WHERE sku = $1", to_upper(sku));
  if (rows.empty()) return std::nullopt;
  return read_product(rows.front());
}

void Catalog::require_category(std::int64_t category_id) const {
  if (!db_->query_int64("SELECT 1 FROM categories WHERE id = $1", category_id)) {
    throw NotFound("category", category_id);
  }
}

std::vector<Product> Catalog::list_by_category(std::int64_t category_id,
                                               bool include_subcategories) const {
  require_category(category_id);
  // The tree starts from the category's row rather than from a bare
  // SELECT $1, whose type PostgreSQL cannot tell (and a CAST to an integer
  // type is spelled BIGINT there but SIGNED on MySQL).
  return read_products(db_->query(
      "WITH RECURSIVE tree(id) AS ("
      "  SELECT id FROM categories WHERE id = $1"
      "  UNION SELECT c.id FROM categories c JOIN tree ON c.parent_id = tree.id"
      "  WHERE $2 = 1) " +
          std::string(kProductColumns) +
          "WHERE active = TRUE AND category_id IN (SELECT id FROM tree) "
          "ORDER BY name, id",
      category_id, include_subcategories ? 1 : 0));
}

std::vector<Product> Catalog::search(std::string_view text) const {
  // lower() on both sides: SQLite's LIKE ignores ASCII case, PostgreSQL's
  // does not, nor does MySQL's on the binary collation names have there.
  return read_products(db_->query(std::string(kProductColumns) +
                                      "WHERE active = TRUE AND lower(name) LIKE lower($1) "
                                      "ESCAPE '!' ORDER BY name, id",
                                  like_pattern(text)));
}

std::int64_t Catalog::add_product(const NewProduct& product) {
  if (product.price_cents < 0) throw InvalidArgument("price must not be negative");
  if (product.name.empty()) throw InvalidArgument("product needs a name");
  std::string sku = to_upper(product.sku);
  if (find_by_sku(sku)) throw InvalidArgument("SKU " + sku + " already exists");
  require_category(product.category_id);
  if (!db_->query_int64("SELECT 1 FROM suppliers WHERE id = $1", product.supplier_id)) {
    throw NotFound("supplier", product.supplier_id);
  }
  return db_
      ->query("INSERT INTO products (sku, name, category_id, supplier_id, price_cents) "
              "VALUES ($1, $2, $3, $4, $5) RETURNING id",
              sku, product.name, product.category_id, product.supplier_id, product.price_cents)
      .front()
      .int64(0);
}

void Catalog::change_price(std::int64_t product_id, Cents new_price_cents) {
  if (new_price_cents < 0) throw InvalidArgument("price must not be negative");
  Rows updated = db_->query("UPDATE products SET price_cents = $2 WHERE id = $1", product_id,
                            new_price_cents);
  // 0 on MySQL also when the price was already new_price_cents.
  if (updated.affected() == 0 && !find(product_id)) throw NotFound("product", product_id);
}

int Catalog::reprice_category(std::int64_t category_id, int percent) {
  if (percent < -90 || percent > 100) {
    throw InvalidArgument("repricing by " + std::to_string(percent) + " % is not plausible");
  }
  require_category(category_id);
  Savepoint savepoint(*db_, "shop_reprice");
  // new = (price * (100 + percent) + 50) / 100 in integer division: rounding
  // half up. MySQL's "/" does not truncate: x = 1049360 would give 10493.6,
  // stored as 10494. So the remainder is taken off first, and
  // (x - x % 100) / 100 is the same whole number on every engine.
  const std::string new_price =
      "(price_cents * (100 + $2) + 50 - (price_cents * (100 + $2) + 50) % 100) / 100";
  // Counted before the update: SQLite and PostgreSQL would count the rows
  // whose rounded price stayed the same as updated too.
  auto changing = db_->query_int64(
      "SELECT count(*) FROM products WHERE category_id = $1 "
      "AND active = TRUE AND " + new_price + " <> price_cents",
      category_id, percent);
  db_->query("UPDATE products SET price_cents = " + new_price +
                 " WHERE category_id = $1 AND active = TRUE",
             category_id, percent);
  savepoint.release();
  return static_cast<int>(changing.value_or(0));
}

std::vector<PriceChange> Catalog::price_history(std::int64_t product_id) const {
  std::vector<PriceChange> changes;
  for (const Row& row : db_->query("SELECT old_price_cents, new_price_cents, changed_at "
                                   "FROM price_history WHERE product_id = $1 ORDER BY id",
                                   product_id)) {
    changes.push_back({row.int64(0), row.int64(1), row.text(2)});
  }
  return changes;
}

void Catalog::discontinue(std::int64_t product_id) {
  Rows updated = db_->query("UPDATE products SET active = FALSE WHERE id = $1", product_id);
  // 0 on MySQL also when the product was discontinued already.
  if (updated.affected() == 0 && !find(product_id)) throw NotFound("product", product_id);
}

int Catalog::purge_discontinued() {
  return static_cast<int>(
      db_->query("DELETE FROM products WHERE active = FALSE AND NOT EXISTS "
                 "(SELECT 1 FROM order_lines l WHERE l.product_id = products.id)")
          .affected());
}

}  // namespace shop
