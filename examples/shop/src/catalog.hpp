// The product catalog: look-ups for the storefront, price maintenance for the
// back office.
#pragma once

#include "database.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "pricing.hpp"

namespace shop {

struct Product {
  std::int64_t id = 0;
  std::string sku;
  std::string name;
  std::int64_t category_id = 0;
  std::int64_t supplier_id = 0;
  Cents price_cents = 0;
  bool active = true;
};

struct NewProduct {
  std::string sku;
  std::string name;
  std::int64_t category_id = 0;
  std::int64_t supplier_id = 0;
  Cents price_cents = 0;
};

struct PriceChange {
  Cents old_price_cents = 0;
  Cents new_price_cents = 0;
  std::string changed_at;
};

class Catalog {
 public:
  explicit Catalog(Database& db) : db_(&db) {}

  std::optional<Product> find(std::int64_t id) const;
  // SKUs are stored upper-case; the look-up accepts any case.
  std::optional<Product> find_by_sku(std::string_view sku) const;

  // Active products of a category by name, optionally with those of its
  // subcategories. NotFound for an unknown category.
  std::vector<Product> list_by_category(std::int64_t category_id,
                                        bool include_subcategories = false) const;

  // Active products whose name contains text, ignoring ASCII case.
  std::vector<Product> search(std::string_view text) const;

  std::int64_t add_product(const NewProduct& product);

  // The database trigger records the change in price_history.
  void change_price(std::int64_t product_id, Cents new_price_cents);

  // Moves every active price of a category by percent (negative for a sale),
  // rounding half up to the cent. Returns the number of prices that changed.
  int reprice_category(std::int64_t category_id, int percent);

  // Oldest first.
  std::vector<PriceChange> price_history(std::int64_t product_id) const;

  // Hides a product from the storefront. It stays in old orders.
  void discontinue(std::int64_t product_id);

  // Deletes discontinued products that no order ever referenced, with their
  // stock rows and price history. Returns how many went.
  int purge_discontinued();

 private:
  void require_category(std::int64_t category_id) const;

  Database* db_;
};

}  // namespace shop
