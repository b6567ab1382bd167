#include "payments.hpp"

#include <optional>

#include "errors.hpp"
#include "sql.hpp"

namespace shop {

namespace {

struct OrderDue {
  std::string status;
  Cents total = 0;
};

OrderDue order_due(sqlite3* db, std::int64_t order_id) {
  sql::Statement stmt(db, "SELECT status, total_cents FROM orders WHERE id = ?1");
  stmt.bind(order_id);
  if (!stmt.step()) throw NotFound("order", order_id);
  return {stmt.text(0), stmt.int64(1)};
}

}  // namespace

Cents Payments::sum(std::int64_t order_id, std::string_view kind) const {
  return sql::query_int64(db_,
                          "SELECT coalesce(sum(amount_cents), 0) FROM payments "
                          "WHERE order_id = ?1 AND kind = ?2",
                          order_id, kind)
      .value_or(0);
}

Cents Payments::captured(std::int64_t order_id) const { return sum(order_id, "capture"); }

Cents Payments::refunded(std::int64_t order_id) const { return sum(order_id, "refund"); }

Cents Payments::outstanding(std::int64_t order_id) const {
  return order_due(db_, order_id).total - captured(order_id);
}

std::int64_t Payments::capture(std::int64_t order_id, Cents amount_cents,
                               std::string_view method) {
  if (amount_cents <= 0) throw InvalidArgument("payment amount must be positive");
  if (method != "card" && method != "bank_transfer" && method != "voucher") {
    throw InvalidArgument("unknown payment method '" + std::string(method) + "'");
  }
  sql::Savepoint savepoint(db_, "shop_capture");
  OrderDue due = order_due(db_, order_id);
  if (due.status != "pending") {
    throw InvalidState("order " + std::to_string(order_id) + " is " + due.status +
                       ", payments are taken for pending orders only");
  }
  const Cents still_due = due.total - captured(order_id);
  if (amount_cents > still_due) {
    throw InvalidArgument("payment of " + format_cents(amount_cents) + " exceeds the " +
                          format_cents(still_due) + " outstanding");
  }

  sql::Statement insert(db_,
                        "INSERT INTO payments (order_id, kind, method, amount_cents) "
                        "VALUES (?1, 'capture', ?2, ?3)");
  insert.bind(order_id, method, amount_cents);
  insert.run();
  const std::int64_t payment_id = sqlite3_last_insert_rowid(db_);

  if (amount_cents == still_due) {
    sql::Statement paid(db_, "UPDATE orders SET status = 'paid' WHERE id = ?1");
    paid.bind(order_id);
    paid.run();
  }
  savepoint.release();
  return payment_id;
}

std::int64_t Payments::refund(std::int64_t order_id, Cents amount_cents) {
  if (amount_cents <= 0) throw InvalidArgument("refund amount must be positive");
  order_due(db_, order_id);  // NotFound for an unknown order
  const Cents held = balance(order_id);
  if (amount_cents > held) {
    throw InvalidArgument("refund of " + format_cents(amount_cents) + " exceeds the " +
                          format_cents(held) + " held for order " + std::to_string(order_id));
  }
  sql::Statement insert(db_,
                        "INSERT INTO payments (order_id, kind, method, amount_cents) "
                        "SELECT ?1, 'refund', method, ?2 FROM payments "
                        "WHERE order_id = ?1 AND kind = 'capture' ORDER BY id LIMIT 1");
  insert.bind(order_id, amount_cents);
  insert.run();
  return sqlite3_last_insert_rowid(db_);
}

std::vector<Payment> Payments::for_order(std::int64_t order_id) const {
  sql::Statement stmt(db_,
                      "SELECT id, order_id, kind, method, amount_cents FROM payments "
                      "WHERE order_id = ?1 ORDER BY id");
  stmt.bind(order_id);
  std::vector<Payment> out;
  while (stmt.step()) {
    out.push_back({stmt.int64(0), stmt.int64(1), stmt.text(2), stmt.text(3), stmt.int64(4)});
  }
  return out;
}

}  // namespace shop
