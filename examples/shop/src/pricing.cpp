#include "pricing.hpp"

#include <cstdlib>

#include "errors.hpp"

namespace shop {

namespace {
// Largest subtotal for which subtotal * 10000 cannot overflow 64 bits, with a
// wide margin: a hundred billion euros.
constexpr Cents kMaxSubtotal = Cents{10'000'000'000'000};
}  // namespace

Totals compute_totals(Cents subtotal, int discount_percent, int tax_rate_bp) {
  if (subtotal < 0 || subtotal > kMaxSubtotal) {
    throw InvalidArgument("subtotal out of range: " + std::to_string(subtotal));
  }
  if (discount_percent < 0 || discount_percent > 90) {
    throw InvalidArgument("discount out of range: " + std::to_string(discount_percent));
  }
  if (tax_rate_bp < 0 || tax_rate_bp > 10000) {
    throw InvalidArgument("tax rate out of range: " + std::to_string(tax_rate_bp));
  }
  Totals t;
  t.subtotal = subtotal;
  t.discount = subtotal * discount_percent / 100;
  t.tax = ((subtotal - t.discount) * tax_rate_bp + 5000) / 10000;
  t.total = t.subtotal - t.discount + t.tax;
  return t;
}

std::string format_cents(Cents amount) {
  std::string sign = amount < 0 ? "-" : "";
  // Work on the magnitude as unsigned so that the most negative value works.
  auto magnitude = amount < 0 ? 0 - static_cast<std::uint64_t>(amount)
                              : static_cast<std::uint64_t>(amount);
  std::string cents = std::to_string(magnitude % 100);
  if (cents.size() < 2) cents.insert(0, "0");
  return sign + std::to_string(magnitude / 100) + "." + cents;
}

std::string to_upper(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

int Pricing::coupon_percent(std::string_view code) const {
  std::string normalized = to_upper(code);
  // CURRENT_DATE is 'YYYY-MM-DD' text on SQLite, compared with the TEXT
  // columns as such, and a date on PostgreSQL and MySQL, where the columns
  // are dates.
  Rows rows = db_->query(
      "SELECT percent_off, active, CURRENT_DATE < valid_from, CURRENT_DATE > valid_until "
      "FROM coupons WHERE code = $1",
      normalized);
  if (rows.empty()) throw CouponRejected(normalized, "unknown");
  const Row& coupon = rows.front();
  if (!coupon.flag(1)) throw CouponRejected(normalized, "inactive");
  if (coupon.flag(2)) throw CouponRejected(normalized, "not yet valid");
  if (coupon.flag(3)) throw CouponRejected(normalized, "expired");
  return static_cast<int>(coupon.int64(0));
}

int Pricing::tax_rate_bp(std::string_view country) const {
  auto rate =
      db_->query_int64("SELECT rate_bp FROM tax_rates WHERE country = $1", to_upper(country));
  if (!rate) throw InvalidArgument("no tax rate for country '" + std::string(country) + "'");
  return static_cast<int>(*rate);
}

}  // namespace shop
