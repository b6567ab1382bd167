#include "shop_fixture.hpp"

namespace shop_test {
namespace {

class PaymentsTest : public ShopTest {
 protected:
  shop::Payments payments() const { return shop::Payments(db()); }
  shop::Cents total_of(std::int64_t order_id) const {
    return shop::Orders(db()).get(order_id).totals.total;
  }
  std::string status_of(std::int64_t order_id) const {
    return shop::Orders(db()).get(order_id).status;
  }
};

TEST_F(PaymentsTest, FullCaptureMarksTheOrderPaid) {
  payments().capture(seed::kPendingOrder, total_of(seed::kPendingOrder), "card");
  EXPECT_EQ(status_of(seed::kPendingOrder), "paid");
  EXPECT_EQ(payments().outstanding(seed::kPendingOrder), 0);
}

TEST_F(PaymentsTest, PartialCapturesAddUpToPaid) {
  const shop::Cents total = total_of(seed::kPendingOrder);
  payments().capture(seed::kPendingOrder, 1000, "voucher");
  EXPECT_EQ(status_of(seed::kPendingOrder), "pending");
  EXPECT_EQ(payments().outstanding(seed::kPendingOrder), total - 1000);

  payments().capture(seed::kPendingOrder, total - 1000, "card");
  EXPECT_EQ(status_of(seed::kPendingOrder), "paid");
  EXPECT_EQ(payments().captured(seed::kPendingOrder), total);
}

TEST_F(PaymentsTest, RefusesToTakeMoreThanIsOutstanding) {
  EXPECT_THROW(payments().capture(seed::kPendingOrder, total_of(seed::kPendingOrder) + 1, "card"),
               shop::InvalidArgument);
  EXPECT_TRUE(payments().for_order(seed::kPendingOrder).empty());
}

TEST_F(PaymentsTest, RefusesNonPositiveAmounts) {
  EXPECT_THROW(payments().capture(seed::kPendingOrder, 0, "card"), shop::InvalidArgument);
  EXPECT_THROW(payments().refund(seed::kPaidOrder, -5), shop::InvalidArgument);
}

TEST_F(PaymentsTest, RefusesUnknownPaymentMethods) {
  EXPECT_THROW(payments().capture(seed::kPendingOrder, 100, "bitcoin"), shop::InvalidArgument);
}

TEST_F(PaymentsTest, TakesPaymentForPendingOrdersOnly) {
  EXPECT_THROW(payments().capture(seed::kCancelledOrder, 100, "card"), shop::InvalidState);
  EXPECT_THROW(payments().capture(seed::kPaidOrder, 100, "card"), shop::InvalidState);
  EXPECT_THROW(payments().capture(999, 100, "card"), shop::NotFound);
}

TEST_F(PaymentsTest, RefundCannotExceedWhatTheShopHolds) {
  const shop::Cents held = payments().balance(seed::kPaidOrder);
  EXPECT_EQ(held, total_of(seed::kPaidOrder));
  EXPECT_THROW(payments().refund(seed::kPaidOrder, held + 1), shop::InvalidArgument);
}

TEST_F(PaymentsTest, RefundGoesBackTheWayTheMoneyCame) {
  // Order 29 was paid by voucher.
  payments().refund(seed::kPaidOrder, 500);
  auto rows = payments().for_order(seed::kPaidOrder);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[1].kind, "refund");
  EXPECT_EQ(rows[1].method, rows[0].method);
  EXPECT_EQ(rows[1].method, "voucher");
  EXPECT_EQ(payments().balance(seed::kPaidOrder), total_of(seed::kPaidOrder) - 500);
}

TEST_F(PaymentsTest, OrderThatWasRefundedInFullHoldsNothing) {
  // Seeded order 39 was paid and refunded when it was cancelled.
  EXPECT_GT(payments().captured(39), 0);
  EXPECT_EQ(payments().balance(39), 0);
  EXPECT_THROW(payments().refund(39, 1), shop::InvalidArgument);
}

// Isolation: row count and sum over the whole payments table.
TEST_F(PaymentsTest, EveryCaptureAddsOneRowToTheLedger) {
  shop::Cents paid = 0;
  for (std::int64_t id = seed::kPendingOrder; id < seed::kPendingOrder + 4; ++id) {
    paid += total_of(id);
    payments().capture(id, total_of(id), "bank_transfer");
  }
  EXPECT_EQ(count_rows(db(), "payments"), seed::kPayments + 4);
  EXPECT_EQ(scalar(db(), "SELECT sum(amount_cents) FROM payments WHERE kind = 'capture'"),
            seed::kCaptured + paid);
  EXPECT_EQ(scalar(db(), "SELECT count(*) FROM orders WHERE status = 'pending'"), 0);
}

// Isolation: what the shop holds overall is unchanged by a pay-then-cancel.
TEST_F(PaymentsTest, PayingAndCancellingLeavesTheShopBalanceAsItWas) {
  payments().capture(seed::kPendingOrder, total_of(seed::kPendingOrder), "card");
  shop::Orders(db()).cancel(seed::kPendingOrder);
  EXPECT_EQ(scalar(db(), "SELECT sum(CASE kind WHEN 'capture' THEN amount_cents "
                         "ELSE -amount_cents END) FROM payments"),
            seed::kCaptured - seed::kRefunded);
}

}  // namespace
}  // namespace shop_test
