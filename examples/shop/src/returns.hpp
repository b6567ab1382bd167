// Returns of delivered goods, line by line.
#pragma once

#include "database.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "pricing.hpp"

namespace shop {

struct ReturnRequest {
  std::int64_t id = 0;
  std::int64_t order_line_id = 0;
  std::int64_t quantity = 0;
  std::string reason;  // "damaged", "wrong_item", "not_needed" or "other"
  std::string status;  // "requested", "received" or "rejected"
  std::optional<Cents> refund_cents;
};

class Returns {
 public:
  explicit Returns(Database& db) : db_(&db) {}

  // Only delivered orders take returns, and never more units of a line than
  // were bought, counting earlier returns that were not rejected.
  std::int64_t request(std::int64_t order_line_id, std::int64_t quantity,
                       std::string_view reason);

  // The parcel came back. Sound goods go back on the shelf they left (damaged
  // ones do not); the customer is refunded what the units cost them,
  // including their share of the coupon and the tax. Returns the refund.
  Cents receive(std::int64_t return_id);

  void reject(std::int64_t return_id);

  ReturnRequest get(std::int64_t return_id) const;

 private:
  Database* db_;
};

// What a customer paid for quantity units of a line: the same rule as the
// order total, applied to just those units.
Cents refund_for(Cents unit_price_cents, std::int64_t quantity, int discount_percent,
                 int tax_rate_bp);

}  // namespace shop
