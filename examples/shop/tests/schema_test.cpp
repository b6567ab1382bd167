// The migrations themselves: the schema the module relies on exists, the
// seed is internally consistent and the constraints actually bite.
#include <string>
#include <vector>

#include "shop_fixture.hpp"

namespace shop_test {
namespace {

// Each engine lists its schema in its own catalog; the fixture asks it
// (tables_named() and the others in shop_fixture.hpp).
class SchemaTest : public ShopTest {};

TEST_F(SchemaTest, MigrationsCreateEveryTable) {
  const std::vector<std::string> tables = {
      "categories", "suppliers",    "products",    "price_history", "customers",
      "addresses",  "warehouses",   "stock_levels", "tax_rates",    "coupons",
      "orders",     "order_lines",  "payments",    "shipments",     "returns"};
  for (const auto& table : tables) EXPECT_EQ(tables_named(db(), table), 1) << table;
  EXPECT_EQ(view_count(db()), 3);
  EXPECT_EQ(trigger_count(db()), 2);
}

TEST_F(SchemaTest, SeedHasTheDocumentedSize) {
  EXPECT_EQ(count_rows(db(), "categories"), seed::kCategories);
  EXPECT_EQ(count_rows(db(), "suppliers"), seed::kSuppliers);
  EXPECT_EQ(count_rows(db(), "products"), seed::kProducts);
  EXPECT_EQ(count_rows(db(), "price_history"), seed::kPriceChanges);
  EXPECT_EQ(count_rows(db(), "customers"), seed::kCustomers);
  EXPECT_EQ(count_rows(db(), "addresses"), seed::kAddresses);
  EXPECT_EQ(count_rows(db(), "warehouses"), seed::kWarehouses);
  EXPECT_EQ(count_rows(db(), "stock_levels"), seed::kStockLevels);
  EXPECT_EQ(count_rows(db(), "orders"), seed::kOrders);
  EXPECT_EQ(count_rows(db(), "order_lines"), seed::kOrderLines);
  EXPECT_EQ(count_rows(db(), "payments"), seed::kPayments);
  EXPECT_EQ(count_rows(db(), "shipments"), seed::kShipments);
  EXPECT_EQ(count_rows(db(), "returns"), seed::kReturns);
}

TEST_F(SchemaTest, SeedHasNoDanglingForeignKeys) {
  EXPECT_EQ(unchecked_foreign_key(db()), "");
}

TEST_F(SchemaTest, SeededTotalsFollowThePricingRules) {
  int checked = 0;
  for (const auto& row : db().query("SELECT o.id, o.discount_percent, o.tax_rate_bp, "
                                    "  o.subtotal_cents, o.discount_cents, o.tax_cents, "
                                    "  o.total_cents, "
                                    "  (SELECT sum(quantity * unit_price_cents) FROM order_lines "
                                    "   WHERE order_id = o.id) FROM orders o")) {
    shop::Totals expected = shop::compute_totals(row.int64(7), static_cast<int>(row.int64(1)),
                                                 static_cast<int>(row.int64(2)));
    shop::Totals stored{row.int64(3), row.int64(4), row.int64(5), row.int64(6)};
    EXPECT_EQ(stored, expected) << "order " << row.int64(0);
    ++checked;
  }
  EXPECT_EQ(checked, seed::kOrders);
}

TEST_F(SchemaTest, ReservedStockMatchesOpenOrders) {
  EXPECT_EQ(scalar(db(), "SELECT sum(reserved) FROM stock_levels"), seed::kReserved);
  EXPECT_EQ(scalar(db(),
                   "SELECT sum(l.quantity) FROM order_lines l JOIN orders o ON o.id = l.order_id "
                   "WHERE o.status IN ('pending', 'paid')"),
            seed::kReserved);
}

TEST_F(SchemaTest, ForeignKeysRefuseOrphanLines) {
  EXPECT_THROW(exec(db(),
                    "INSERT INTO order_lines (order_id, product_id, warehouse_id, quantity, "
                    "unit_price_cents) VALUES (1, 9999, 1, 1, 100)"),
               shop::ConstraintViolation);
}

TEST_F(SchemaTest, CheckConstraintKeepsTotalsConsistent) {
  EXPECT_THROW(exec(db(), "UPDATE orders SET total_cents = total_cents + 1 WHERE id = 1"),
               shop::ConstraintViolation);
}

TEST_F(SchemaTest, DeletingAllOrdersCascadesToLinesPaymentsShipmentsAndReturns) {
  exec(db(), "DELETE FROM orders");
  EXPECT_EQ(count_rows(db(), "orders"), 0);
  EXPECT_EQ(count_rows(db(), "order_lines"), 0);
  EXPECT_EQ(count_rows(db(), "payments"), 0);
  EXPECT_EQ(count_rows(db(), "shipments"), 0);
  EXPECT_EQ(count_rows(db(), "returns"), 0);
  // Stock rows are not owned by orders and stay.
  EXPECT_EQ(count_rows(db(), "stock_levels"), seed::kStockLevels);
}

}  // namespace
}  // namespace shop_test
