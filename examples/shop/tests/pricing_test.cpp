// Money arithmetic, and which coupons checkout accepts.
#include <cstdint>
#include <string>

#include "shop_fixture.hpp"

namespace shop_test {
namespace {

// compute_totals needs no database; these cases pin down its rounding.
struct PricingCase {
  const char* name;
  shop::Cents subtotal;
  int discount_percent;
  int tax_rate_bp;
  shop::Totals expected;
};

class PricingTest : public ::testing::TestWithParam<PricingCase> {};

TEST_P(PricingTest, ComputesDiscountTaxAndTotal) {
  const PricingCase& c = GetParam();
  EXPECT_EQ(shop::compute_totals(c.subtotal, c.discount_percent, c.tax_rate_bp), c.expected);
}

INSTANTIATE_TEST_SUITE_P(
    Rounding, PricingTest,
    ::testing::Values(
        PricingCase{"NothingToPay", 0, 10, 1900, {0, 0, 0, 0}},
        PricingCase{"NoTaxNoDiscount", 1000, 0, 0, {1000, 0, 0, 1000}},
        PricingCase{"GermanVat", 10000, 0, 1900, {10000, 0, 1900, 11900}},
        // 999 * 19 % = 189.81: rounds up to 190.
        PricingCase{"TaxRoundsUp", 999, 0, 1900, {999, 0, 190, 1189}},
        // 1001 * 8.25 % = 82.58: rounds to 83.
        PricingCase{"UsSalesTax", 1001, 0, 825, {1001, 0, 83, 1084}},
        // 10 * 25 % = 2.5: exactly half a cent rounds up.
        PricingCase{"HalfACentRoundsUp", 10, 0, 2500, {10, 0, 3, 13}},
        // 15 % of 999 = 149.85: the discount rounds down to 149.
        PricingCase{"DiscountRoundsDown", 999, 15, 0, {999, 149, 0, 850}},
        PricingCase{"DiscountThenTax", 8368, 10, 1900, {8368, 836, 1431, 8963}},
        PricingCase{"LargestDiscount", 1000, 90, 2500, {1000, 900, 25, 125}}),
    [](const auto& param) { return std::string(param.param.name); });

class PricingRulesTest : public ::testing::Test {};

TEST_F(PricingRulesTest, RefusesValuesOutsideTheirRange) {
  EXPECT_THROW(shop::compute_totals(-1, 0, 0), shop::InvalidArgument);
  EXPECT_THROW(shop::compute_totals(100, 91, 0), shop::InvalidArgument);
  EXPECT_THROW(shop::compute_totals(100, -1, 0), shop::InvalidArgument);
  EXPECT_THROW(shop::compute_totals(100, 0, 10001), shop::InvalidArgument);
}

TEST_F(PricingRulesTest, FormatsCentsAsDecimal) {
  EXPECT_EQ(shop::format_cents(0), "0.00");
  EXPECT_EQ(shop::format_cents(5), "0.05");
  EXPECT_EQ(shop::format_cents(123456), "1234.56");
  EXPECT_EQ(shop::format_cents(-5), "-0.05");
  EXPECT_EQ(shop::format_cents(INT64_MIN), "-92233720368547758.08");
}

// Coupons as checkout sees them, against the seeded coupons table.
struct CouponCase {
  const char* code;
  bool accepted;
  int percent;         // when accepted
  const char* reason;  // when rejected
};

class CouponTest : public ShopTest, public ::testing::WithParamInterface<CouponCase> {};

TEST_P(CouponTest, QuoteAppliesOrRejectsTheCoupon) {
  const CouponCase& c = GetParam();
  shop::Orders orders(db());
  auto cart = cart_for(seed::kGermanCustomer, {{seed::kCharger, 2}}, c.code);
  if (c.accepted) {
    auto quote = orders.quote(cart);
    EXPECT_EQ(quote.discount_percent, c.percent);
    EXPECT_EQ(quote.totals.discount, 8368 * c.percent / 100);
  } else {
    try {
      orders.quote(cart);
      FAIL() << c.code << " was accepted";
    } catch (const shop::CouponRejected& e) {
      EXPECT_EQ(e.reason(), c.reason);
    }
  }
}

INSTANTIATE_TEST_SUITE_P(
    SeededCoupons, CouponTest,
    ::testing::Values(CouponCase{"WELCOME10", true, 10, ""},
                      CouponCase{"welcome10", true, 10, ""},  // codes ignore case
                      CouponCase{"VIP15", true, 15, ""},
                      CouponCase{"SPRING25", false, 0, "expired"},
                      CouponCase{"OLD5", false, 0, "inactive"},
                      CouponCase{"FUTURE20", false, 0, "not yet valid"},
                      CouponCase{"FREESTUFF", false, 0, "unknown"}),
    [](const auto& param) {
      std::string name = param.param.code;
      return name == "welcome10" ? std::string("LowerCaseWelcome10") : name;
    });

}  // namespace
}  // namespace shop_test
