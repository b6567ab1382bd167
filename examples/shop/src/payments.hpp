// Money taken for orders and given back. Amounts are always positive; a row
// is either a capture (money in) or a refund (money out).
#pragma once

#include "database.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "pricing.hpp"

namespace shop {

struct Payment {
  std::int64_t id = 0;
  std::int64_t order_id = 0;
  std::string kind;    // "capture" or "refund"
  std::string method;  // "card", "bank_transfer" or "voucher"
  Cents amount_cents = 0;
};

class Payments {
 public:
  explicit Payments(Database& db) : db_(&db) {}

  // Takes money for a pending order. Partial payments are fine (a voucher
  // plus a card); the order becomes paid when the total is reached. Paying
  // more than is outstanding is refused.
  std::int64_t capture(std::int64_t order_id, Cents amount_cents, std::string_view method);

  // Gives money back, at most what was captured and not yet refunded. The
  // refund goes the way the first payment came in.
  std::int64_t refund(std::int64_t order_id, Cents amount_cents);

  Cents captured(std::int64_t order_id) const;
  Cents refunded(std::int64_t order_id) const;
  // What the shop currently holds for the order.
  Cents balance(std::int64_t order_id) const { return captured(order_id) - refunded(order_id); }
  // What the customer still has to pay.
  Cents outstanding(std::int64_t order_id) const;

  std::vector<Payment> for_order(std::int64_t order_id) const;

 private:
  Cents sum(std::int64_t order_id, std::string_view kind) const;

  Database* db_;
};

}  // namespace shop
