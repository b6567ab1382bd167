#include "payments.hpp"

#include <optional>

#include "errors.hpp"

namespace shop {

namespace {

struct OrderDue {
  std::string status;
  Cents total = 0;
};

OrderDue order_due(Database& db, std::int64_t order_id) {
  Rows rows = db.query("SELECT status, total_cents FROM orders WHERE id = $1", order_id);
  if (rows.empty()) throw NotFound("order", order_id);
  return {rows.front().text(0), rows.front().int64(1)};
}

}  // namespace

Cents Payments::sum(std::int64_t order_id, std::string_view kind) const {
  return db_
      ->query_int64("SELECT coalesce(sum(amount_cents), 0) FROM payments "
                    "WHERE order_id = $1 AND kind = $2",
                    order_id, kind)
      .value_or(0);
}

Cents Payments::captured(std::int64_t order_id) const { return sum(order_id, "capture"); }

Cents Payments::refunded(std::int64_t order_id) const { return sum(order_id, "refund"); }

Cents Payments::outstanding(std::int64_t order_id) const {
  return order_due(*db_, order_id).total - captured(order_id);
}

std::int64_t Payments::capture(std::int64_t order_id, Cents amount_cents,
                               std::string_view method) {
  if (amount_cents <= 0) throw InvalidArgument("payment amount must be positive");
  if (method != "card" && method != "bank_transfer" && method != "voucher") {
    throw InvalidArgument("unknown payment method '" + std::string(method) + "'");
  }
  Savepoint savepoint(*db_, "shop_capture");
  OrderDue due = order_due(*db_, order_id);
  if (due.status != "pending") {
    throw InvalidState("order " + std::to_string(order_id) + " is " + due.status +
                       ", payments are taken for pending orders only");
  }
  const Cents still_due = due.total - captured(order_id);
  if (amount_cents > still_due) {
    throw InvalidArgument("payment of " + format_cents(amount_cents) + " exceeds the " +
                          format_cents(still_due) + " outstanding");
  }

  const std::int64_t payment_id =
      db_->query("INSERT INTO payments (order_id, kind, method, amount_cents) "
                 "VALUES ($1, 'capture', $2, $3) RETURNING id",
                 order_id, method, amount_cents)
          .front()
          .int64(0);

  if (amount_cents == still_due) {
    db_->query("UPDATE orders SET status = 'paid' WHERE id = $1", order_id);
  }
  savepoint.release();
  return payment_id;
}

std::int64_t Payments::refund(std::int64_t order_id, Cents amount_cents) {
  if (amount_cents <= 0) throw InvalidArgument("refund amount must be positive");
  order_due(*db_, order_id);  // NotFound for an unknown order
  const Cents held = balance(order_id);
  if (amount_cents > held) {
    throw InvalidArgument("refund of " + format_cents(amount_cents) + " exceeds the " +
                          format_cents(held) + " held for order " + std::to_string(order_id));
  }
  return db_
      ->query("INSERT INTO payments (order_id, kind, method, amount_cents) "
              "SELECT $1, 'refund', method, $2 FROM payments "
              "WHERE order_id = $1 AND kind = 'capture' ORDER BY id LIMIT 1 RETURNING id",
              order_id, amount_cents)
      .front()
      .int64(0);
}

std::vector<Payment> Payments::for_order(std::int64_t order_id) const {
  std::vector<Payment> out;
  for (const Row& row : db_->query("SELECT id, order_id, kind, method, amount_cents FROM payments "
                                   "WHERE order_id = $1 ORDER BY id",
                                   order_id)) {
    out.push_back({row.int64(0), row.int64(1), row.text(2), row.text(3), row.int64(4)});
  }
  return out;
}

}  // namespace shop
