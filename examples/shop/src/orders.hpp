// Checkout and the life of an order up to payment:
//   pending --(paid in full)--> paid --(Shipments)--> shipped --> delivered
//   pending / paid --(cancel)--> cancelled
#pragma once

#include "database.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "pricing.hpp"

namespace shop {

struct CartLine {
  std::int64_t product_id = 0;
  std::int64_t quantity = 0;
};

struct Cart {
  std::int64_t customer_id = 0;
  std::int64_t shipping_address_id = 0;
  std::vector<CartLine> lines;
  std::optional<std::string> coupon_code;
};

struct OrderLine {
  std::int64_t id = 0;  // 0 in a quote
  std::int64_t product_id = 0;
  std::int64_t warehouse_id = 0;
  std::int64_t quantity = 0;
  Cents unit_price_cents = 0;
};

struct Quote {
  std::vector<OrderLine> lines;
  std::optional<std::string> coupon_code;
  int discount_percent = 0;
  int tax_rate_bp = 0;
  Totals totals;
};

struct Order {
  std::int64_t id = 0;
  std::int64_t customer_id = 0;
  std::int64_t shipping_address_id = 0;
  std::string status;
  std::optional<std::string> coupon_code;
  int discount_percent = 0;
  int tax_rate_bp = 0;
  Totals totals;
  std::string placed_at;
  std::vector<OrderLine> lines;
};

class Orders {
 public:
  explicit Orders(Database& db) : db_(&db) {}

  // Prices a cart with every check that place() makes, and writes nothing.
  // Lines for the same product are merged.
  Quote quote(const Cart& cart) const;

  // Writes the order and its lines and reserves their stock, all or nothing.
  // Throws InvalidArgument (empty cart, bad quantity, foreign address),
  // NotFound (customer, product), InvalidState (discontinued product),
  // CouponRejected or InsufficientStock.
  std::int64_t place(const Cart& cart);

  std::optional<Order> find(std::int64_t order_id) const;
  Order get(std::int64_t order_id) const;  // NotFound

  // Newest first.
  std::vector<Order> for_customer(std::int64_t customer_id) const;

  // Releases the stock; a paid order is refunded in full.
  void cancel(std::int64_t order_id);

 private:
  Database* db_;
};

}  // namespace shop
