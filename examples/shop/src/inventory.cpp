#include "inventory.hpp"

#include "errors.hpp"
#include "pricing.hpp"

namespace shop {

namespace {

void require_positive(std::int64_t quantity) {
  if (quantity <= 0) {
    throw InvalidArgument("quantity must be positive, not " + std::to_string(quantity));
  }
}

}  // namespace

std::optional<Warehouse> Inventory::find_warehouse(std::int64_t id) const {
  Rows rows = db_->query("SELECT id, code, city, country FROM warehouses WHERE id = $1", id);
  if (rows.empty()) return std::nullopt;
  const Row& row = rows.front();
  return Warehouse{row.int64(0), row.text(1), row.text(2), row.text(3)};
}

std::optional<StockLevel> Inventory::find_level(std::int64_t product_id,
                                                std::int64_t warehouse_id) const {
  Rows rows = db_->query(
      "SELECT product_id, warehouse_id, on_hand, reserved, reorder_level "
      "FROM stock_levels WHERE product_id = $1 AND warehouse_id = $2",
      product_id, warehouse_id);
  if (rows.empty()) return std::nullopt;
  const Row& row = rows.front();
  return StockLevel{row.int64(0), row.int64(1), row.int64(2), row.int64(3), row.int64(4)};
}

StockLevel Inventory::level(std::int64_t product_id, std::int64_t warehouse_id) const {
  auto found = find_level(product_id, warehouse_id);
  if (!found) {
    throw NotFound("stock of product " + std::to_string(product_id) + " in warehouse",
                   warehouse_id);
  }
  return *found;
}

std::int64_t Inventory::available(std::int64_t product_id) const {
  return db_
      ->query_int64("SELECT coalesce(sum(on_hand - reserved), 0) FROM stock_levels "
                    "WHERE product_id = $1",
                    product_id)
      .value_or(0);
}

void Inventory::reserve(std::int64_t product_id, std::int64_t warehouse_id,
                        std::int64_t quantity) {
  require_positive(quantity);
  // Check and claim in one statement, so that two sessions cannot both see
  // the last unit as free.
  Rows claimed = db_->query(
      "UPDATE stock_levels SET reserved = reserved + $3 "
      "WHERE product_id = $1 AND warehouse_id = $2 AND on_hand - reserved >= $3",
      product_id, warehouse_id, quantity);
  if (claimed.affected() == 1) return;
  StockLevel current = level(product_id, warehouse_id);
  throw InsufficientStock(product_id, warehouse_id, quantity, current.available());
}

void Inventory::release(std::int64_t product_id, std::int64_t warehouse_id,
                        std::int64_t quantity) {
  require_positive(quantity);
  Rows released = db_->query(
      "UPDATE stock_levels SET reserved = reserved - $3 "
      "WHERE product_id = $1 AND warehouse_id = $2 AND reserved >= $3",
      product_id, warehouse_id, quantity);
  if (released.affected() == 1) return;
  StockLevel current = level(product_id, warehouse_id);
  throw InvalidArgument("cannot release " + std::to_string(quantity) + " units, only " +
                        std::to_string(current.reserved) + " reserved");
}

void Inventory::consume(std::int64_t product_id, std::int64_t warehouse_id,
                        std::int64_t quantity) {
  require_positive(quantity);
  Rows consumed = db_->query(
      "UPDATE stock_levels SET on_hand = on_hand - $3, reserved = reserved - $3 "
      "WHERE product_id = $1 AND warehouse_id = $2 AND reserved >= $3",
      product_id, warehouse_id, quantity);
  if (consumed.affected() == 1) return;
  StockLevel current = level(product_id, warehouse_id);
  throw InvalidArgument("cannot ship " + std::to_string(quantity) + " units, only " +
                        std::to_string(current.reserved) + " reserved");
}

void Inventory::receive(std::int64_t product_id, std::int64_t warehouse_id,
                        std::int64_t quantity) {
  require_positive(quantity);
  if (!db_->query_int64("SELECT 1 FROM products WHERE id = $1", product_id)) {
    throw NotFound("product", product_id);
  }
  if (!find_warehouse(warehouse_id)) throw NotFound("warehouse", warehouse_id);
  // One statement, so that two sessions receiving the first units of a
  // product cannot both insert the row. The only statement of the module
  // that the engines spell differently: SQLite and PostgreSQL have ON
  // CONFLICT, MySQL has ON DUPLICATE KEY UPDATE (which fires on any unique
  // key; stock_levels has only its primary key).
  if (db_->engine() == Engine::mysql) {
    db_->query(
        "INSERT INTO stock_levels (product_id, warehouse_id, on_hand) "
        "VALUES ($1, $2, $3) "
        "ON DUPLICATE KEY UPDATE on_hand = on_hand + VALUES(on_hand)",
        product_id, warehouse_id, quantity);
    return;
  }
  // The target table is named in DO UPDATE: PostgreSQL finds a bare on_hand
  // ambiguous between it and excluded.
  db_->query(
      "INSERT INTO stock_levels (product_id, warehouse_id, on_hand) "
      "VALUES ($1, $2, $3) "
      "ON CONFLICT (product_id, warehouse_id) "
      "DO UPDATE SET on_hand = stock_levels.on_hand + excluded.on_hand",
      product_id, warehouse_id, quantity);
}

void Inventory::transfer(std::int64_t product_id, std::int64_t from_warehouse,
                         std::int64_t to_warehouse, std::int64_t quantity) {
  require_positive(quantity);
  if (from_warehouse == to_warehouse) throw InvalidArgument("transfer to the same warehouse");
  Savepoint savepoint(*db_, "shop_transfer");
  // Reserved units belong to orders and may not leave.
  Rows taken = db_->query(
      "UPDATE stock_levels SET on_hand = on_hand - $3 "
      "WHERE product_id = $1 AND warehouse_id = $2 AND on_hand - reserved >= $3",
      product_id, from_warehouse, quantity);
  if (taken.affected() != 1) {
    StockLevel current = level(product_id, from_warehouse);
    throw InsufficientStock(product_id, from_warehouse, quantity, current.available());
  }
  receive(product_id, to_warehouse, quantity);
  savepoint.release();
}

std::optional<std::int64_t> Inventory::pick_warehouse(std::int64_t product_id,
                                                      std::int64_t quantity,
                                                      std::string_view country) const {
  return db_->query_int64(
      "SELECT s.warehouse_id FROM stock_levels s "
      "JOIN warehouses w ON w.id = s.warehouse_id "
      "WHERE s.product_id = $1 AND s.on_hand - s.reserved >= $2 "
      "ORDER BY w.country = $3 DESC, s.on_hand - s.reserved DESC, w.id "
      "LIMIT 1",
      product_id, quantity, to_upper(country));
}

std::int64_t Inventory::best_single_warehouse(std::int64_t product_id) const {
  return db_
      ->query_int64("SELECT coalesce(max(on_hand - reserved), 0) FROM stock_levels "
                    "WHERE product_id = $1",
                    product_id)
      .value_or(0);
}

}  // namespace shop
