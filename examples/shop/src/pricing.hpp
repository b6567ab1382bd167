// Money rules. Everything is integer cents: sums of doubles drift, and an
// order total that is off by one cent from its lines is a support ticket.
#pragma once

#include "database.hpp"

#include <cstdint>
#include <string>
#include <string_view>

namespace shop {

using Cents = std::int64_t;

struct Totals {
  Cents subtotal = 0;
  Cents discount = 0;
  Cents tax = 0;
  Cents total = 0;

  bool operator==(const Totals&) const = default;
};

// Applies a percentage discount, then tax on what is left.
// The discount rounds down (the customer never gets more off than promised)
// and tax rounds half up, as the tax office does. Throws InvalidArgument for
// a negative subtotal, a discount outside 0..90 % or a rate outside 0..100 %.
Totals compute_totals(Cents subtotal, int discount_percent, int tax_rate_bp);

// 123456 -> "1234.56", -5 -> "-0.05".
std::string format_cents(Cents amount);

// Coupon and tax look-ups shared by quoting, ordering and refunds.
class Pricing {
 public:
  explicit Pricing(Database& db) : db_(&db) {}

  // The discount a coupon grants today. Codes are case-insensitive.
  // Throws CouponRejected when the code is unknown, inactive or out of date.
  int coupon_percent(std::string_view code) const;

  // Tax rate in basis points for a destination country; InvalidArgument when
  // the shop does not ship there.
  int tax_rate_bp(std::string_view country) const;

 private:
  Database* db_;
};

// Upper-cases ASCII letters; codes, SKUs and country codes are stored that way.
std::string to_upper(std::string_view text);

}  // namespace shop
