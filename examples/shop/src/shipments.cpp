#include "shipments.hpp"

#include "errors.hpp"
#include "inventory.hpp"
#include "orders.hpp"

namespace shop {

std::int64_t Shipments::ship(std::int64_t order_id, std::string_view carrier,
                             std::string_view tracking_code) {
  if (carrier != "DHL" && carrier != "UPS" && carrier != "PostNord") {
    throw InvalidArgument("unknown carrier '" + std::string(carrier) + "'");
  }
  if (tracking_code.empty()) throw InvalidArgument("a shipment needs a tracking code");

  Savepoint savepoint(*db_, "shop_ship");
  Order order = Orders(*db_).get(order_id);
  if (order.status != "paid") {
    throw InvalidState("order " + std::to_string(order_id) + " is " + order.status +
                       ", only paid orders ship");
  }
  Inventory inventory(*db_);
  for (const OrderLine& line : order.lines) {
    inventory.consume(line.product_id, line.warehouse_id, line.quantity);
  }
  const std::int64_t shipment_id =
      db_->query("INSERT INTO shipments (order_id, carrier, tracking_code) "
                 "VALUES ($1, $2, $3) RETURNING id",
                 order_id, carrier, tracking_code)
          .front()
          .int64(0);

  db_->query("UPDATE orders SET status = 'shipped' WHERE id = $1", order_id);
  savepoint.release();
  return shipment_id;
}

void Shipments::deliver(std::int64_t shipment_id) {
  Savepoint savepoint(*db_, "shop_deliver");
  Rows found = db_->query(
      "SELECT order_id, delivered_at IS NOT NULL FROM shipments WHERE id = $1", shipment_id);
  if (found.empty()) throw NotFound("shipment", shipment_id);
  const std::int64_t order_id = found.front().int64(0);
  if (found.front().flag(1)) {
    throw InvalidState("shipment " + std::to_string(shipment_id) + " was already delivered");
  }
  // The later of now and shipped_at: a parcel shipped "now" and delivered
  // within the same second (SQLite, MySQL) or transaction (PostgreSQL) must
  // still satisfy delivered_at >= shipped_at. A CASE, because SQLite spells
  // the function max() and PostgreSQL and MySQL greatest().
  db_->query(
      "UPDATE shipments SET delivered_at = CASE WHEN shipped_at > CURRENT_TIMESTAMP "
      "  THEN shipped_at ELSE CURRENT_TIMESTAMP END "
      "WHERE id = $1",
      shipment_id);
  db_->query("UPDATE orders SET status = 'delivered' WHERE id = $1", order_id);
  savepoint.release();
}

std::optional<Shipment> Shipments::for_order(std::int64_t order_id) const {
  Rows rows = db_->query(
      "SELECT id, order_id, carrier, tracking_code, shipped_at, delivered_at "
      "FROM shipments WHERE order_id = $1",
      order_id);
  if (rows.empty()) return std::nullopt;
  const Row& row = rows.front();
  return Shipment{row.int64(0), row.int64(1), row.text(2),
                  row.text(3),  row.text(4),  row.optional_text(5)};
}

}  // namespace shop
