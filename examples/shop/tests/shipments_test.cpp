#include <map>
#include <utility>

#include "shop_fixture.hpp"

namespace shop_test {
namespace {

class ShipmentsTest : public ShopTest {
 protected:
  shop::Shipments shipments() const { return shop::Shipments(db()); }
  shop::Order order(std::int64_t id) const { return shop::Orders(db()).get(id); }
};

TEST_F(ShipmentsTest, ShippingConsumesTheOrdersReservedStock) {
  shop::Inventory inventory(db());
  std::map<std::pair<std::int64_t, std::int64_t>, shop::StockLevel> before;
  for (const auto& line : order(seed::kPaidOrder).lines) {
    before[{line.product_id, line.warehouse_id}] =
        inventory.level(line.product_id, line.warehouse_id);
  }

  shipments().ship(seed::kPaidOrder, "DHL", "DHL-0001");

  for (const auto& line : order(seed::kPaidOrder).lines) {
    auto was = before[{line.product_id, line.warehouse_id}];
    auto now = inventory.level(line.product_id, line.warehouse_id);
    EXPECT_EQ(now.on_hand, was.on_hand - line.quantity) << "product " << line.product_id;
    EXPECT_EQ(now.reserved, was.reserved - line.quantity) << "product " << line.product_id;
  }
}

TEST_F(ShipmentsTest, ShippingMarksTheOrderShipped) {
  std::int64_t id = shipments().ship(seed::kPaidOrder, "UPS", "1Z999");
  EXPECT_EQ(order(seed::kPaidOrder).status, "shipped");
  auto shipment = shipments().for_order(seed::kPaidOrder);
  ASSERT_TRUE(shipment);
  EXPECT_EQ(shipment->id, id);
  EXPECT_EQ(shipment->tracking_code, "1Z999");
  EXPECT_FALSE(shipment->delivered_at);
}

TEST_F(ShipmentsTest, ShipsPaidOrdersOnly) {
  EXPECT_THROW(shipments().ship(seed::kPendingOrder, "DHL", "X1"), shop::InvalidState);
  EXPECT_THROW(shipments().ship(seed::kShippedOrder, "DHL", "X2"), shop::InvalidState);
  EXPECT_THROW(shipments().ship(seed::kCancelledOrder, "DHL", "X3"), shop::InvalidState);
}

TEST_F(ShipmentsTest, RefusesUnknownCarriersAndMissingTrackingCodes) {
  EXPECT_THROW(shipments().ship(seed::kPaidOrder, "Pigeon", "X1"), shop::InvalidArgument);
  EXPECT_THROW(shipments().ship(seed::kPaidOrder, "DHL", ""), shop::InvalidArgument);
}

TEST_F(ShipmentsTest, ReusedTrackingCodeIsCaughtByTheSchemaAndUndoesEverything) {
  const auto reserved = scalar(db(), "SELECT sum(reserved) FROM stock_levels");
  // TRK007919 belongs to order 1.
  EXPECT_THROW(shipments().ship(seed::kPaidOrder, "DHL", "TRK007919"), shop::ConstraintViolation);
  EXPECT_EQ(order(seed::kPaidOrder).status, "paid");
  EXPECT_EQ(scalar(db(), "SELECT sum(reserved) FROM stock_levels"), reserved);
}

TEST_F(ShipmentsTest, DeliveringMarksTheOrderDelivered) {
  std::int64_t id = shipments().ship(seed::kPaidOrder, "PostNord", "PN-1");
  shipments().deliver(id);
  EXPECT_EQ(order(seed::kPaidOrder).status, "delivered");
  EXPECT_TRUE(shipments().for_order(seed::kPaidOrder)->delivered_at);
}

TEST_F(ShipmentsTest, CannotDeliverTwice) {
  auto shipment = shipments().for_order(seed::kDeliveredOrder);
  ASSERT_TRUE(shipment);
  EXPECT_THROW(shipments().deliver(shipment->id), shop::InvalidState);
  EXPECT_THROW(shipments().deliver(999), shop::NotFound);
}

// Isolation: shipments, reservations and stock are checked shop-wide.
TEST_F(ShipmentsTest, ShippingEveryPaidOrderLeavesOnlyPendingReservations) {
  const auto leaving = scalar(db(),
                              "SELECT sum(l.quantity) FROM order_lines l "
                              "JOIN orders o ON o.id = l.order_id WHERE o.status = 'paid'");
  for (std::int64_t id = seed::kPaidOrder; id < seed::kPaidOrder + 6; ++id) {
    shipments().ship(id, "DHL", "BATCH-" + std::to_string(id));
  }
  EXPECT_EQ(count_rows(db(), "shipments"), seed::kShipments + 6);
  EXPECT_EQ(scalar(db(), "SELECT sum(on_hand) FROM stock_levels"), seed::kOnHand - leaving);
  EXPECT_EQ(scalar(db(), "SELECT sum(reserved) FROM stock_levels"),
            scalar(db(),
                   "SELECT sum(l.quantity) FROM order_lines l "
                   "JOIN orders o ON o.id = l.order_id WHERE o.status = 'pending'"));
}

}  // namespace
}  // namespace shop_test
