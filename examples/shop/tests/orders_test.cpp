#include "shop_fixture.hpp"

namespace shop_test {
namespace {

class OrdersTest : public ShopTest {
 protected:
  shop::Orders orders() const { return shop::Orders(db()); }

  // Two chargers to Germany: 8368 cents before tax.
  static shop::Cart two_chargers(std::optional<std::string> coupon = std::nullopt) {
    return cart_for(seed::kGermanCustomer, {{seed::kCharger, 2}}, std::move(coupon));
  }
};

// Isolation: exact sizes of orders and order_lines after one checkout.
TEST_F(OrdersTest, PlacingAnOrderAddsExactlyOneOrderWithItsLines) {
  orders().place(cart_for(seed::kGermanCustomer, {{seed::kCharger, 1}, {seed::kCharger9, 1}}));
  EXPECT_EQ(count_rows(db(), "orders"), seed::kOrders + 1);
  EXPECT_EQ(count_rows(db(), "order_lines"), seed::kOrderLines + 2);
}

// Isolation: the id is only 41 if nobody else placed an order in between.
TEST_F(OrdersTest, PlacedOrderGetsTheNextId) {
  EXPECT_EQ(orders().place(two_chargers()), seed::kOrders + 1);
}

TEST_F(OrdersTest, NewOrderIsPendingAndTaxedForItsDestination) {
  auto order = orders().get(orders().place(two_chargers()));
  EXPECT_EQ(order.status, "pending");
  EXPECT_EQ(order.tax_rate_bp, 1900);
  EXPECT_EQ(order.totals, (shop::Totals{8368, 0, 1590, 9958}));
}

TEST_F(OrdersTest, CouponComesOffBeforeTax) {
  auto order = orders().get(orders().place(two_chargers("welcome10")));
  EXPECT_EQ(order.coupon_code, "WELCOME10");
  EXPECT_EQ(order.discount_percent, 10);
  // 10 % of 8368 is 836.8: the customer gets 836; tax is on the remaining 7532.
  EXPECT_EQ(order.totals, (shop::Totals{8368, 836, 1431, 8963}));
}

TEST_F(OrdersTest, AmericanOrdersPaySalesTax) {
  auto order = orders().get(
      orders().place(cart_for(seed::kAmericanCustomer, {{seed::kHeadphones, 1}})));
  EXPECT_EQ(order.tax_rate_bp, 825);
  EXPECT_EQ(order.totals, (shop::Totals{9539, 0, 787, 10326}));
}

TEST_F(OrdersTest, LinesKeepThePriceOfCheckoutTime) {
  std::int64_t id = orders().place(two_chargers());
  shop::Catalog(db()).change_price(seed::kCharger, 9999);
  auto order = orders().get(id);
  ASSERT_EQ(order.lines.size(), 1u);
  EXPECT_EQ(order.lines[0].unit_price_cents, 4184);
  EXPECT_EQ(order.totals.subtotal, 8368);
}

TEST_F(OrdersTest, PlacingReservesStockInTheNearestWarehouse) {
  auto order = orders().get(orders().place(two_chargers()));
  ASSERT_EQ(order.lines.size(), 1u);
  EXPECT_EQ(order.lines[0].warehouse_id, 1);  // Berlin, for a German customer
  EXPECT_EQ(shop::Inventory(db()).level(seed::kCharger, 1).reserved, 2);
}

TEST_F(OrdersTest, MergesCartLinesForTheSameProduct) {
  auto order = orders().get(orders().place(
      cart_for(seed::kGermanCustomer, {{seed::kCharger, 1}, {seed::kCharger, 2}})));
  ASSERT_EQ(order.lines.size(), 1u);
  EXPECT_EQ(order.lines[0].quantity, 3);
}

// Isolation: nothing at all may be left behind, checked on whole tables.
TEST_F(OrdersTest, OrderWithALineShortOfStockWritesNothing) {
  EXPECT_THROW(orders().place(cart_for(seed::kGermanCustomer,
                                       {{seed::kCharger, 2}, {seed::kHeadphones, 1000}})),
               shop::InsufficientStock);
  EXPECT_EQ(count_rows(db(), "orders"), seed::kOrders);
  EXPECT_EQ(count_rows(db(), "order_lines"), seed::kOrderLines);
  EXPECT_EQ(scalar(db(), "SELECT sum(reserved) FROM stock_levels"), seed::kReserved);
}

TEST_F(OrdersTest, ShortStockReportsTheBestSingleWarehouse) {
  try {
    orders().place(cart_for(seed::kGermanCustomer, {{seed::kCharger, 21}}));
    FAIL() << "no warehouse holds 21 chargers";
  } catch (const shop::InsufficientStock& e) {
    EXPECT_EQ(e.warehouse_id(), 0);
    EXPECT_EQ(e.requested(), 21);
    EXPECT_EQ(e.available(), 20);
  }
}

TEST_F(OrdersTest, RefusesAnEmptyCart) {
  EXPECT_THROW(orders().place(cart_for(seed::kGermanCustomer, {})), shop::InvalidArgument);
}

TEST_F(OrdersTest, RefusesNonPositiveQuantities) {
  EXPECT_THROW(orders().place(cart_for(seed::kGermanCustomer, {{seed::kCharger, 0}})),
               shop::InvalidArgument);
  EXPECT_THROW(orders().place(cart_for(seed::kGermanCustomer, {{seed::kCharger, -1}})),
               shop::InvalidArgument);
}

TEST_F(OrdersTest, RefusesToShipToAnotherCustomersAddress) {
  shop::Cart cart{seed::kGermanCustomer, seed::kAmericanCustomer, {{seed::kCharger, 1}}, {}};
  EXPECT_THROW(orders().place(cart), shop::InvalidArgument);
}

TEST_F(OrdersTest, RefusesToShipToABillingAddress) {
  // Address 51 is customer 3's billing address.
  shop::Cart cart{3, 51, {{seed::kCharger, 1}}, {}};
  EXPECT_THROW(orders().place(cart), shop::InvalidArgument);
}

TEST_F(OrdersTest, RefusesDiscontinuedProducts) {
  EXPECT_THROW(orders().place(cart_for(seed::kGermanCustomer, {{seed::kDiscontinuedProduct, 1}})),
               shop::InvalidState);
}

TEST_F(OrdersTest, RefusesUnknownCustomersAndProducts) {
  EXPECT_THROW(orders().place(cart_for(999, {{seed::kCharger, 1}})), shop::NotFound);
  EXPECT_THROW(orders().place(cart_for(seed::kGermanCustomer, {{999, 1}})), shop::NotFound);
}

TEST_F(OrdersTest, RefusesDestinationsWithoutATaxRate) {
  std::int64_t swiss = shop::Customers(db()).add_address(
      seed::kGermanCustomer, {"shipping", "1 Bahnhofstrasse", "Zurich", "8001", "CH"});
  shop::Cart cart{seed::kGermanCustomer, swiss, {{seed::kCharger, 1}}, {}};
  EXPECT_THROW(orders().place(cart), shop::InvalidArgument);
}

TEST_F(OrdersTest, QuoteMatchesTheOrderItBecomesAndWritesNothing) {
  auto quote = orders().quote(two_chargers("VIP15"));
  EXPECT_EQ(count_rows(db(), "orders"), seed::kOrders);
  EXPECT_EQ(scalar(db(), "SELECT sum(reserved) FROM stock_levels"), seed::kReserved);

  auto order = orders().get(orders().place(two_chargers("VIP15")));
  EXPECT_EQ(order.totals, quote.totals);
  EXPECT_EQ(order.discount_percent, 15);
}

// Isolation: reserved stock is summed over the whole table.
TEST_F(OrdersTest, CancellingAPendingOrderReleasesItsStock) {
  auto order = orders().get(seed::kPendingOrder);
  std::int64_t held = 0;
  for (const auto& line : order.lines) held += line.quantity;

  orders().cancel(seed::kPendingOrder);
  EXPECT_EQ(orders().get(seed::kPendingOrder).status, "cancelled");
  EXPECT_EQ(scalar(db(), "SELECT sum(reserved) FROM stock_levels"), seed::kReserved - held);
}

TEST_F(OrdersTest, CancellingAPaidOrderRefundsItInFull) {
  std::int64_t id = place_paid_order(db(), seed::kGermanCustomer, seed::kCharger, 2);
  orders().cancel(id);
  shop::Payments payments(db());
  EXPECT_EQ(payments.balance(id), 0);
  EXPECT_EQ(payments.refunded(id), 9958);
}

TEST_F(OrdersTest, CannotCancelAShippedOrder) {
  EXPECT_THROW(orders().cancel(seed::kShippedOrder), shop::InvalidState);
  EXPECT_EQ(orders().get(seed::kShippedOrder).status, "shipped");
}

TEST_F(OrdersTest, SchemaRefusesToReopenACancelledOrder) {
  EXPECT_THROW(exec(db(), "UPDATE orders SET status = 'pending' WHERE id = 40"),
               shop::ConstraintViolation);
}

TEST_F(OrdersTest, CustomerHistoryIsNewestFirst) {
  // Customer 1 ordered twice in the seed: orders 1 and 26.
  std::int64_t id = orders().place(two_chargers());
  auto history = orders().for_customer(seed::kGermanCustomer);
  ASSERT_EQ(history.size(), 3u);
  EXPECT_EQ(history[0].id, id);
  EXPECT_EQ(history[1].id, 26);
  EXPECT_EQ(history[2].id, 1);
}

// Isolation: the value of every order in the shop, to the cent.
TEST_F(OrdersTest, ShopWideOrderValueGrowsByExactlyTheNewTotal) {
  orders().place(two_chargers());
  EXPECT_EQ(scalar(db(), "SELECT sum(total_cents) FROM orders"), seed::kOrderValue + 9958);
}

}  // namespace
}  // namespace shop_test
