#include "reports.hpp"

#include "errors.hpp"
#include "sql.hpp"

namespace shop {

std::vector<CategoryRevenue> Reports::revenue_by_category() const {
  sql::Statement stmt(db_,
                      "SELECT category_id, category_name, revenue_cents, units "
                      "FROM category_revenue ORDER BY revenue_cents DESC, category_name");
  std::vector<CategoryRevenue> out;
  while (stmt.step()) out.push_back({stmt.int64(0), stmt.text(1), stmt.int64(2), stmt.int64(3)});
  return out;
}

std::vector<LowStockItem> Reports::low_stock() const {
  sql::Statement stmt(db_,
                      "SELECT product_id, sku, warehouse_id, warehouse_code, available, "
                      "  reorder_level FROM low_stock "
                      "ORDER BY available, product_id, warehouse_id");
  std::vector<LowStockItem> out;
  while (stmt.step()) {
    out.push_back({stmt.int64(0), stmt.text(1), stmt.int64(2), stmt.text(3), stmt.int64(4),
                   stmt.int64(5)});
  }
  return out;
}

std::vector<CustomerSpend> Reports::top_customers(int limit) const {
  if (limit <= 0) throw InvalidArgument("limit must be positive");
  sql::Statement stmt(db_,
                      "SELECT c.id, c.full_name, "
                      "  sum(CASE p.kind WHEN 'capture' THEN p.amount_cents "
                      "                  ELSE -p.amount_cents END) AS spent "
                      "FROM customers c "
                      "JOIN orders o ON o.customer_id = c.id "
                      "JOIN payments p ON p.order_id = o.id "
                      "GROUP BY c.id HAVING spent > 0 "
                      "ORDER BY spent DESC, c.id LIMIT ?1");
  stmt.bind(limit);
  std::vector<CustomerSpend> out;
  while (stmt.step()) out.push_back({stmt.int64(0), stmt.text(1), stmt.int64(2)});
  return out;
}

}  // namespace shop
