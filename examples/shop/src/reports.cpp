#include "reports.hpp"

#include "errors.hpp"

namespace shop {

std::vector<CategoryRevenue> Reports::revenue_by_category() const {
  std::vector<CategoryRevenue> out;
  for (const Row& row : db_->query("SELECT category_id, category_name, revenue_cents, units "
                                   "FROM category_revenue "
                                   "ORDER BY revenue_cents DESC, category_name")) {
    out.push_back({row.int64(0), row.text(1), row.int64(2), row.int64(3)});
  }
  return out;
}

std::vector<LowStockItem> Reports::low_stock() const {
  std::vector<LowStockItem> out;
  for (const Row& row : db_->query("SELECT product_id, sku, warehouse_id, warehouse_code, "
                                   "  available, reorder_level FROM low_stock "
                                   "ORDER BY available, product_id, warehouse_id")) {
    out.push_back({row.int64(0), row.text(1), row.int64(2), row.text(3), row.int64(4),
                   row.int64(5)});
  }
  return out;
}

std::vector<CustomerSpend> Reports::top_customers(int limit) const {
  if (limit <= 0) throw InvalidArgument("limit must be positive");
  // The sum is filtered in an outer query: PostgreSQL does not let HAVING
  // use an output column's alias.
  std::vector<CustomerSpend> out;
  for (const Row& row : db_->query(
           "SELECT id, full_name, spent FROM ("
           "  SELECT c.id, c.full_name, "
           "    sum(CASE p.kind WHEN 'capture' THEN p.amount_cents "
           "                    ELSE -p.amount_cents END) AS spent "
           "  FROM customers c "
           "  JOIN orders o ON o.customer_id = c.id "
           "  JOIN payments p ON p.order_id = o.id "
           "  GROUP BY c.id, c.full_name) per_customer "
           "WHERE spent > 0 ORDER BY spent DESC, id LIMIT $1",
           limit)) {
    out.push_back({row.int64(0), row.text(1), row.int64(2)});
  }
  return out;
}

}  // namespace shop
