#include "shipments.hpp"

#include "errors.hpp"
#include "inventory.hpp"
#include "orders.hpp"
#include "sql.hpp"

namespace shop {

std::int64_t Shipments::ship(std::int64_t order_id, std::string_view carrier,
                             std::string_view tracking_code) {
  if (carrier != "DHL" && carrier != "UPS" && carrier != "PostNord") {
    throw InvalidArgument("unknown carrier '" + std::string(carrier) + "'");
  }
  if (tracking_code.empty()) throw InvalidArgument("a shipment needs a tracking code");

  sql::Savepoint savepoint(db_, "shop_ship");
  Order order = Orders(db_).get(order_id);
  if (order.status != "paid") {
    throw InvalidState("order " + std::to_string(order_id) + " is " + order.status +
                       ", only paid orders ship");
  }
  Inventory inventory(db_);
  for (const OrderLine& line : order.lines) {
    inventory.consume(line.product_id, line.warehouse_id, line.quantity);
  }
  sql::Statement insert(db_,
                        "INSERT INTO shipments (order_id, carrier, tracking_code) "
                        "VALUES (?1, ?2, ?3)");
  insert.bind(order_id, carrier, tracking_code);
  insert.run();
  const std::int64_t shipment_id = sqlite3_last_insert_rowid(db_);

  sql::Statement status(db_, "UPDATE orders SET status = 'shipped' WHERE id = ?1");
  status.bind(order_id);
  status.run();
  savepoint.release();
  return shipment_id;
}

void Shipments::deliver(std::int64_t shipment_id) {
  sql::Savepoint savepoint(db_, "shop_deliver");
  sql::Statement find(db_, "SELECT order_id, delivered_at IS NOT NULL FROM shipments WHERE id = ?1");
  find.bind(shipment_id);
  if (!find.step()) throw NotFound("shipment", shipment_id);
  const std::int64_t order_id = find.int64(0);
  if (find.int64(1) != 0) {
    throw InvalidState("shipment " + std::to_string(shipment_id) + " was already delivered");
  }
  // max(): a parcel shipped "now" and delivered within the same second must
  // still satisfy delivered_at >= shipped_at.
  sql::Statement update(db_,
                        "UPDATE shipments SET delivered_at = max(CURRENT_TIMESTAMP, shipped_at) "
                        "WHERE id = ?1");
  update.bind(shipment_id);
  update.run();
  sql::Statement status(db_, "UPDATE orders SET status = 'delivered' WHERE id = ?1");
  status.bind(order_id);
  status.run();
  savepoint.release();
}

std::optional<Shipment> Shipments::for_order(std::int64_t order_id) const {
  sql::Statement stmt(db_,
                      "SELECT id, order_id, carrier, tracking_code, shipped_at, delivered_at "
                      "FROM shipments WHERE order_id = ?1");
  stmt.bind(order_id);
  if (!stmt.step()) return std::nullopt;
  return Shipment{stmt.int64(0), stmt.int64(1), stmt.text(2),
                  stmt.text(3),  stmt.text(4),  stmt.optional_text(5)};
}

}  // namespace shop
