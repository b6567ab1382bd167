#include "shop_fixture.hpp"

namespace shop_test {
namespace {

// Line 1 of delivered order 1 (Germany, no coupon): 3 units of product 19 at
// 2819 cents, shipped from Berlin (26 on hand). Line 19 of delivered order 10
// (Norway, WELCOME10): 3 units of product 82 at 3134 cents.
constexpr std::int64_t kLine = 1;
constexpr std::int64_t kLineProduct = 19;
constexpr std::int64_t kBerlin = 1;
constexpr std::int64_t kCouponLine = 19;

class ReturnsTest : public ShopTest {
 protected:
  shop::Returns returns() const { return shop::Returns(db()); }
  std::int64_t on_hand() const {
    return shop::Inventory(db()).level(kLineProduct, kBerlin).on_hand;
  }
};

TEST_F(ReturnsTest, RequestForADeliveredOrderIsRecorded) {
  auto ret = returns().get(returns().request(kLine, 2, "not_needed"));
  EXPECT_EQ(ret.order_line_id, kLine);
  EXPECT_EQ(ret.quantity, 2);
  EXPECT_EQ(ret.status, "requested");
  EXPECT_FALSE(ret.refund_cents);
}

TEST_F(ReturnsTest, RefusesReturnsForOrdersNotYetDelivered) {
  const auto shipped_line = scalar(db(), "SELECT min(id) FROM order_lines WHERE order_id = 21");
  EXPECT_THROW(returns().request(shipped_line, 1, "other"), shop::InvalidState);
}

TEST_F(ReturnsTest, RefusesToTakeBackMoreThanWasBought) {
  EXPECT_THROW(returns().request(kLine, 4, "other"), shop::InvalidArgument);
  returns().request(kLine, 2, "other");
  EXPECT_THROW(returns().request(kLine, 2, "other"), shop::InvalidArgument);
  returns().request(kLine, 1, "other");
}

TEST_F(ReturnsTest, RejectedReturnsFreeTheUnitsAgain) {
  std::int64_t first = returns().request(kLine, 3, "other");
  returns().reject(first);
  EXPECT_EQ(returns().get(first).status, "rejected");
  EXPECT_NO_THROW(returns().request(kLine, 3, "other"));
}

TEST_F(ReturnsTest, RefusesUnknownReasonsAndLines) {
  EXPECT_THROW(returns().request(kLine, 1, "changed_my_mind"), shop::InvalidArgument);
  EXPECT_THROW(returns().request(9999, 1, "other"), shop::NotFound);
}

TEST_F(ReturnsTest, ReceivingSoundGoodsRestocksAndRefunds) {
  const auto before = on_hand();
  std::int64_t id = returns().request(kLine, 2, "not_needed");

  // 2 x 2819 = 5638 plus 19 % VAT (1071.22 -> 1071).
  EXPECT_EQ(returns().receive(id), 6709);
  EXPECT_EQ(returns().get(id).status, "received");
  EXPECT_EQ(returns().get(id).refund_cents, 6709);
  EXPECT_EQ(on_hand(), before + 2);
  EXPECT_EQ(shop::Payments(db()).refunded(1), 6709);
}

TEST_F(ReturnsTest, DamagedGoodsAreRefundedButNotRestocked) {
  const auto before = on_hand();
  returns().receive(returns().request(kLine, 1, "damaged"));
  EXPECT_EQ(on_hand(), before);
  EXPECT_GT(shop::Payments(db()).refunded(1), 0);
}

TEST_F(ReturnsTest, RefundIncludesTheCouponAndTaxShare) {
  // 3134 less 10 % (313) is 2821, plus 25 % Norwegian VAT (705.25 -> 705).
  EXPECT_EQ(returns().receive(returns().request(kCouponLine, 1, "wrong_item")), 3526);
  EXPECT_EQ(shop::refund_for(3134, 1, 10, 2500), 3526);
}

TEST_F(ReturnsTest, ClosedReturnsCannotBeReceivedOrRejectedAgain) {
  // Seeded return 1 was received and refunded.
  EXPECT_THROW(returns().receive(1), shop::InvalidState);
  EXPECT_THROW(returns().reject(1), shop::InvalidState);
  EXPECT_THROW(returns().get(99), shop::NotFound);
}

// Isolation: counts every return and sums every refund in the shop.
TEST_F(ReturnsTest, ReceivingTheOpenSeededReturnClosesTheLastOne) {
  // Seeded return 3 (order 8, one unit at 9854 cents to France) is still open.
  const shop::Cents refund = returns().receive(3);
  EXPECT_EQ(refund, shop::refund_for(9854, 1, 0, 2000));
  EXPECT_EQ(scalar(db(), "SELECT count(*) FROM returns WHERE status = 'received'"),
            seed::kReturns);
  EXPECT_EQ(scalar(db(), "SELECT sum(amount_cents) FROM payments WHERE kind = 'refund'"),
            seed::kRefunded + refund);
}

}  // namespace
}  // namespace shop_test
