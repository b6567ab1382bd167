// Back-office reports. The heavy lifting is in the category_revenue and
// low_stock views (migration 0010), so a console and the application agree.
#pragma once

#include "database.hpp"

#include <cstdint>
#include <string>
#include <vector>

#include "pricing.hpp"

namespace shop {

struct CategoryRevenue {
  std::int64_t category_id = 0;
  std::string category_name;
  Cents revenue_cents = 0;
  std::int64_t units = 0;
};

struct LowStockItem {
  std::int64_t product_id = 0;
  std::string sku;
  std::int64_t warehouse_id = 0;
  std::string warehouse_code;
  std::int64_t available = 0;
  std::int64_t reorder_level = 0;
};

struct CustomerSpend {
  std::int64_t customer_id = 0;
  std::string full_name;
  Cents spent_cents = 0;  // captured minus refunded
};

class Reports {
 public:
  explicit Reports(Database& db) : db_(&db) {}

  // Every category, best selling first (ties by name). Paid, shipped and
  // delivered orders count, at list price, less received returns.
  std::vector<CategoryRevenue> revenue_by_category() const;

  // Active products at or below their reorder level, emptiest first.
  std::vector<LowStockItem> low_stock() const;

  // Customers by the money the shop kept from them, most first.
  std::vector<CustomerSpend> top_customers(int limit) const;

 private:
  Database* db_;
};

}  // namespace shop
