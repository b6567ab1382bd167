#include "returns.hpp"

#include "errors.hpp"
#include "inventory.hpp"
#include "payments.hpp"

namespace shop {

Cents refund_for(Cents unit_price_cents, std::int64_t quantity, int discount_percent,
                 int tax_rate_bp) {
  return compute_totals(unit_price_cents * quantity, discount_percent, tax_rate_bp).total;
}

std::int64_t Returns::request(std::int64_t order_line_id, std::int64_t quantity,
                              std::string_view reason) {
  if (quantity <= 0) throw InvalidArgument("quantity must be positive");
  if (reason != "damaged" && reason != "wrong_item" && reason != "not_needed" &&
      reason != "other") {
    throw InvalidArgument("unknown return reason '" + std::string(reason) + "'");
  }
  Rows lines = db_->query(
      "SELECT l.quantity, o.status, "
      "  (SELECT coalesce(sum(r.quantity), 0) FROM returns r "
      "   WHERE r.order_line_id = l.id AND r.status <> 'rejected') "
      "FROM order_lines l JOIN orders o ON o.id = l.order_id WHERE l.id = $1",
      order_line_id);
  if (lines.empty()) throw NotFound("order line", order_line_id);
  const Row& line = lines.front();
  if (line.text(1) != "delivered") {
    throw InvalidState("order of line " + std::to_string(order_line_id) + " is " + line.text(1) +
                       ", only delivered orders take returns");
  }
  const std::int64_t returnable = line.int64(0) - line.int64(2);
  if (quantity > returnable) {
    throw InvalidArgument("only " + std::to_string(returnable) + " units of line " +
                          std::to_string(order_line_id) + " can still be returned");
  }
  return db_
      ->query("INSERT INTO returns (order_line_id, quantity, reason) VALUES ($1, $2, $3) "
              "RETURNING id",
              order_line_id, quantity, reason)
      .front()
      .int64(0);
}

Cents Returns::receive(std::int64_t return_id) {
  Savepoint savepoint(*db_, "shop_receive_return");
  ReturnRequest ret = get(return_id);
  if (ret.status != "requested") {
    throw InvalidState("return " + std::to_string(return_id) + " is already " + ret.status);
  }
  // The foreign key guarantees the row.
  const Row line = db_->query(
                          "SELECT l.order_id, l.product_id, l.warehouse_id, l.unit_price_cents, "
                          "  o.discount_percent, o.tax_rate_bp "
                          "FROM order_lines l JOIN orders o ON o.id = l.order_id WHERE l.id = $1",
                          ret.order_line_id)
                       .front();
  const std::int64_t order_id = line.int64(0);

  if (ret.reason != "damaged") {
    Inventory(*db_).receive(line.int64(1), line.int64(2), ret.quantity);
  }
  const Cents refund = refund_for(line.int64(3), ret.quantity, static_cast<int>(line.int64(4)),
                                  static_cast<int>(line.int64(5)));
  Payments(*db_).refund(order_id, refund);

  db_->query("UPDATE returns SET status = 'received', refund_cents = $2, "
             "  received_at = CURRENT_TIMESTAMP WHERE id = $1",
             return_id, refund);
  savepoint.release();
  return refund;
}

void Returns::reject(std::int64_t return_id) {
  ReturnRequest ret = get(return_id);
  if (ret.status != "requested") {
    throw InvalidState("return " + std::to_string(return_id) + " is already " + ret.status);
  }
  db_->query("UPDATE returns SET status = 'rejected' WHERE id = $1", return_id);
}

ReturnRequest Returns::get(std::int64_t return_id) const {
  Rows rows = db_->query(
      "SELECT id, order_line_id, quantity, reason, status, refund_cents "
      "FROM returns WHERE id = $1",
      return_id);
  if (rows.empty()) throw NotFound("return", return_id);
  const Row& row = rows.front();
  return {row.int64(0), row.int64(1), row.int64(2),
          row.text(3),  row.text(4),  row.optional_int64(5)};
}

}  // namespace shop
