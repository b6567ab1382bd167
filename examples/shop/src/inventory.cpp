#include "inventory.hpp"

#include "errors.hpp"
#include "pricing.hpp"
#include "sql.hpp"

namespace shop {

namespace {

void require_positive(std::int64_t quantity) {
  if (quantity <= 0) {
    throw InvalidArgument("quantity must be positive, not " + std::to_string(quantity));
  }
}

}  // namespace

std::optional<Warehouse> Inventory::find_warehouse(std::int64_t id) const {
  sql::Statement stmt(db_, "SELECT id, code, city, country FROM warehouses WHERE id = ?1");
  stmt.bind(id);
  if (!stmt.step()) return std::nullopt;
  return Warehouse{stmt.int64(0), stmt.text(1), stmt.text(2), stmt.text(3)};
}

std::optional<StockLevel> Inventory::find_level(std::int64_t product_id,
                                                std::int64_t warehouse_id) const {
  sql::Statement stmt(db_,
                      "SELECT product_id, warehouse_id, on_hand, reserved, reorder_level "
                      "FROM stock_levels WHERE product_id = ?1 AND warehouse_id = ?2");
  stmt.bind(product_id, warehouse_id);
  if (!stmt.step()) return std::nullopt;
  return StockLevel{stmt.int64(0), stmt.int64(1), stmt.int64(2), stmt.int64(3), stmt.int64(4)};
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
  return sql::query_int64(db_,
                          "SELECT coalesce(sum(on_hand - reserved), 0) FROM stock_levels "
                          "WHERE product_id = ?1",
                          product_id)
      .value_or(0);
}

void Inventory::reserve(std::int64_t product_id, std::int64_t warehouse_id,
                        std::int64_t quantity) {
  require_positive(quantity);
  // Check and claim in one statement, so that two sessions cannot both see
  // the last unit as free.
  sql::Statement stmt(db_,
                      "UPDATE stock_levels SET reserved = reserved + ?3 "
                      "WHERE product_id = ?1 AND warehouse_id = ?2 AND on_hand - reserved >= ?3");
  stmt.bind(product_id, warehouse_id, quantity);
  stmt.run();
  if (sqlite3_changes(db_) == 1) return;
  StockLevel current = level(product_id, warehouse_id);
  throw InsufficientStock(product_id, warehouse_id, quantity, current.available());
}

void Inventory::release(std::int64_t product_id, std::int64_t warehouse_id,
                        std::int64_t quantity) {
  require_positive(quantity);
  sql::Statement stmt(db_,
                      "UPDATE stock_levels SET reserved = reserved - ?3 "
                      "WHERE product_id = ?1 AND warehouse_id = ?2 AND reserved >= ?3");
  stmt.bind(product_id, warehouse_id, quantity);
  stmt.run();
  if (sqlite3_changes(db_) == 1) return;
  StockLevel current = level(product_id, warehouse_id);
  throw InvalidArgument("cannot release " + std::to_string(quantity) + " units, only " +
                        std::to_string(current.reserved) + " reserved");
}

void Inventory::consume(std::int64_t product_id, std::int64_t warehouse_id,
                        std::int64_t quantity) {
  require_positive(quantity);
  sql::Statement stmt(db_,
                      "UPDATE stock_levels SET on_hand = on_hand - ?3, reserved = reserved - ?3 "
                      "WHERE product_id = ?1 AND warehouse_id = ?2 AND reserved >= ?3");
  stmt.bind(product_id, warehouse_id, quantity);
  stmt.run();
  if (sqlite3_changes(db_) == 1) return;
  StockLevel current = level(product_id, warehouse_id);
  throw InvalidArgument("cannot ship " + std::to_string(quantity) + " units, only " +
                        std::to_string(current.reserved) + " reserved");
}

void Inventory::receive(std::int64_t product_id, std::int64_t warehouse_id,
                        std::int64_t quantity) {
  require_positive(quantity);
  if (!sql::query_int64(db_, "SELECT 1 FROM products WHERE id = ?1", product_id)) {
    throw NotFound("product", product_id);
  }
  if (!find_warehouse(warehouse_id)) throw NotFound("warehouse", warehouse_id);
  sql::Statement stmt(db_,
                      "INSERT INTO stock_levels (product_id, warehouse_id, on_hand) "
                      "VALUES (?1, ?2, ?3) "
                      "ON CONFLICT (product_id, warehouse_id) "
                      "DO UPDATE SET on_hand = on_hand + excluded.on_hand");
  stmt.bind(product_id, warehouse_id, quantity);
  stmt.run();
}

void Inventory::transfer(std::int64_t product_id, std::int64_t from_warehouse,
                         std::int64_t to_warehouse, std::int64_t quantity) {
  require_positive(quantity);
  if (from_warehouse == to_warehouse) throw InvalidArgument("transfer to the same warehouse");
  sql::Savepoint savepoint(db_, "shop_transfer");
  // Reserved units belong to orders and may not leave.
  sql::Statement take(db_,
                      "UPDATE stock_levels SET on_hand = on_hand - ?3 "
                      "WHERE product_id = ?1 AND warehouse_id = ?2 AND on_hand - reserved >= ?3");
  take.bind(product_id, from_warehouse, quantity);
  take.run();
  if (sqlite3_changes(db_) != 1) {
    StockLevel current = level(product_id, from_warehouse);
    throw InsufficientStock(product_id, from_warehouse, quantity, current.available());
  }
  receive(product_id, to_warehouse, quantity);
  savepoint.release();
}

std::optional<std::int64_t> Inventory::pick_warehouse(std::int64_t product_id,
                                                      std::int64_t quantity,
                                                      std::string_view country) const {
  return sql::query_int64(db_,
                          "SELECT s.warehouse_id FROM stock_levels s "
                          "JOIN warehouses w ON w.id = s.warehouse_id "
                          "WHERE s.product_id = ?1 AND s.on_hand - s.reserved >= ?2 "
                          "ORDER BY w.country = ?3 DESC, s.on_hand - s.reserved DESC, w.id "
                          "LIMIT 1",
                          product_id, quantity, to_upper(country));
}

std::int64_t Inventory::best_single_warehouse(std::int64_t product_id) const {
  return sql::query_int64(db_,
                          "SELECT coalesce(max(on_hand - reserved), 0) FROM stock_levels "
                          "WHERE product_id = ?1",
                          product_id)
      .value_or(0);
}

}  // namespace shop
