#include "orders.hpp"

#include <map>

#include "catalog.hpp"
#include "errors.hpp"
#include "inventory.hpp"
#include "payments.hpp"

namespace shop {

namespace {

std::vector<OrderLine> load_lines(Database& db, std::int64_t order_id) {
  std::vector<OrderLine> lines;
  for (const Row& row : db.query("SELECT id, product_id, warehouse_id, quantity, unit_price_cents "
                                 "FROM order_lines WHERE order_id = $1 ORDER BY id",
                                 order_id)) {
    lines.push_back({row.int64(0), row.int64(1), row.int64(2), row.int64(3), row.int64(4)});
  }
  return lines;
}

constexpr const char* kOrderColumns =
    "SELECT id, customer_id, shipping_address_id, status, coupon_code, discount_percent, "
    "tax_rate_bp, subtotal_cents, discount_cents, tax_cents, total_cents, placed_at "
    "FROM orders ";

Order read_order(Database& db, const Row& row) {
  Order order;
  order.id = row.int64(0);
  order.customer_id = row.int64(1);
  order.shipping_address_id = row.int64(2);
  order.status = row.text(3);
  order.coupon_code = row.optional_text(4);
  order.discount_percent = static_cast<int>(row.int64(5));
  order.tax_rate_bp = static_cast<int>(row.int64(6));
  order.totals = {row.int64(7), row.int64(8), row.int64(9), row.int64(10)};
  order.placed_at = row.text(11);
  order.lines = load_lines(db, order.id);
  return order;
}

}  // namespace

Quote Orders::quote(const Cart& cart) const {
  if (cart.lines.empty()) throw InvalidArgument("cart is empty");

  if (!db_->query_int64("SELECT 1 FROM customers WHERE id = $1", cart.customer_id)) {
    throw NotFound("customer", cart.customer_id);
  }
  Rows addresses = db_->query("SELECT customer_id, kind, country FROM addresses WHERE id = $1",
                              cart.shipping_address_id);
  if (addresses.empty()) throw NotFound("address", cart.shipping_address_id);
  const Row& address = addresses.front();
  // Shipping to someone else's address is how account takeovers cash out.
  if (address.int64(0) != cart.customer_id) {
    throw InvalidArgument("address " + std::to_string(cart.shipping_address_id) +
                          " belongs to another customer");
  }
  if (address.text(1) != "shipping") {
    throw InvalidArgument("address " + std::to_string(cart.shipping_address_id) +
                          " is not a shipping address");
  }
  const std::string country = address.text(2);

  // std::map keeps merged lines in product order, so quotes are stable.
  std::map<std::int64_t, std::int64_t> wanted;
  for (const CartLine& line : cart.lines) {
    if (line.quantity <= 0) {
      throw InvalidArgument("quantity must be positive, not " + std::to_string(line.quantity));
    }
    wanted[line.product_id] += line.quantity;
  }

  Pricing pricing(*db_);
  Catalog catalog(*db_);
  Inventory inventory(*db_);
  Quote quote;
  quote.tax_rate_bp = pricing.tax_rate_bp(country);
  if (cart.coupon_code) {
    quote.discount_percent = pricing.coupon_percent(*cart.coupon_code);
    quote.coupon_code = to_upper(*cart.coupon_code);
  }

  Cents subtotal = 0;
  for (const auto& [product_id, quantity] : wanted) {
    auto product = catalog.find(product_id);
    if (!product) throw NotFound("product", product_id);
    if (!product->active) {
      throw InvalidState("product " + product->sku + " is discontinued");
    }
    auto warehouse = inventory.pick_warehouse(product_id, quantity, country);
    if (!warehouse) {
      throw InsufficientStock(product_id, 0, quantity,
                              inventory.best_single_warehouse(product_id));
    }
    quote.lines.push_back({0, product_id, *warehouse, quantity, product->price_cents});
    subtotal += quantity * product->price_cents;
  }
  quote.totals = compute_totals(subtotal, quote.discount_percent, quote.tax_rate_bp);
  return quote;
}

std::int64_t Orders::place(const Cart& cart) {
  // The quote is taken inside the savepoint so that the stock it saw is the
  // stock that gets reserved.
  Savepoint savepoint(*db_, "shop_place_order");
  Quote q = quote(cart);

  const std::int64_t order_id =
      db_->query("INSERT INTO orders (customer_id, shipping_address_id, coupon_code, "
                 "  discount_percent, tax_rate_bp, subtotal_cents, discount_cents, "
                 "  tax_cents, total_cents) "
                 "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
                 cart.customer_id, cart.shipping_address_id, q.coupon_code, q.discount_percent,
                 q.tax_rate_bp, q.totals.subtotal, q.totals.discount, q.totals.tax,
                 q.totals.total)
          .front()
          .int64(0);

  Inventory inventory(*db_);
  for (const OrderLine& l : q.lines) {
    db_->query("INSERT INTO order_lines (order_id, product_id, warehouse_id, quantity, "
               "  unit_price_cents) VALUES ($1, $2, $3, $4, $5)",
               order_id, l.product_id, l.warehouse_id, l.quantity, l.unit_price_cents);
    inventory.reserve(l.product_id, l.warehouse_id, l.quantity);
  }
  savepoint.release();
  return order_id;
}

std::optional<Order> Orders::find(std::int64_t order_id) const {
  Rows rows = db_->query(std::string(kOrderColumns) + "WHERE id = $1", order_id);
  if (rows.empty()) return std::nullopt;
  return read_order(*db_, rows.front());
}

Order Orders::get(std::int64_t order_id) const {
  auto order = find(order_id);
  if (!order) throw NotFound("order", order_id);
  return *order;
}

std::vector<Order> Orders::for_customer(std::int64_t customer_id) const {
  std::vector<Order> orders;
  for (const Row& row : db_->query(std::string(kOrderColumns) +
                                       "WHERE customer_id = $1 ORDER BY placed_at DESC, id DESC",
                                   customer_id)) {
    orders.push_back(read_order(*db_, row));
  }
  return orders;
}

void Orders::cancel(std::int64_t order_id) {
  Savepoint savepoint(*db_, "shop_cancel_order");
  Order order = get(order_id);
  if (order.status != "pending" && order.status != "paid") {
    throw InvalidState("order " + std::to_string(order_id) + " is " + order.status +
                       " and can no longer be cancelled");
  }
  Inventory inventory(*db_);
  for (const OrderLine& line : order.lines) {
    inventory.release(line.product_id, line.warehouse_id, line.quantity);
  }
  Payments payments(*db_);
  if (Cents kept = payments.balance(order_id); kept > 0) payments.refund(order_id, kept);

  db_->query("UPDATE orders SET status = 'cancelled' WHERE id = $1", order_id);
  savepoint.release();
}

}  // namespace shop
