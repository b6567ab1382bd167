// Stock per warehouse. Selling happens in two steps: an order reserves units
// (they stay on the shelf but nobody else can buy them), shipping consumes the
// reservation. Nothing here lets available stock go below zero.
#pragma once

#include "database.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace shop {

struct Warehouse {
  std::int64_t id = 0;
  std::string code;
  std::string city;
  std::string country;
};

struct StockLevel {
  std::int64_t product_id = 0;
  std::int64_t warehouse_id = 0;
  std::int64_t on_hand = 0;
  std::int64_t reserved = 0;
  std::int64_t reorder_level = 0;

  std::int64_t available() const { return on_hand - reserved; }
};

class Inventory {
 public:
  explicit Inventory(Database& db) : db_(&db) {}

  std::optional<Warehouse> find_warehouse(std::int64_t id) const;

  // NotFound when the warehouse does not keep the product.
  StockLevel level(std::int64_t product_id, std::int64_t warehouse_id) const;

  // Units that can still be sold, over all warehouses.
  std::int64_t available(std::int64_t product_id) const;

  // Claims units for an order. InsufficientStock if the warehouse has fewer
  // than quantity available; the level is then left as it was.
  void reserve(std::int64_t product_id, std::int64_t warehouse_id, std::int64_t quantity);

  // Gives reserved units back, as when an order is cancelled.
  void release(std::int64_t product_id, std::int64_t warehouse_id, std::int64_t quantity);

  // Reserved units leave the building: on hand and reserved both drop.
  void consume(std::int64_t product_id, std::int64_t warehouse_id, std::int64_t quantity);

  // Goods in: a delivery from a supplier or a restocked return. Starts keeping
  // the product in the warehouse if it did not yet.
  void receive(std::int64_t product_id, std::int64_t warehouse_id, std::int64_t quantity);

  // Moves unreserved units between warehouses, all or nothing.
  void transfer(std::int64_t product_id, std::int64_t from_warehouse, std::int64_t to_warehouse,
                std::int64_t quantity);

  // A warehouse that can serve quantity on its own, preferring one in the
  // destination country (cheaper, faster), then the one with the most stock.
  std::optional<std::int64_t> pick_warehouse(std::int64_t product_id, std::int64_t quantity,
                                             std::string_view country) const;

  // The most any single warehouse could serve; what InsufficientStock reports
  // when pick_warehouse finds none.
  std::int64_t best_single_warehouse(std::int64_t product_id) const;

 private:
  std::optional<StockLevel> find_level(std::int64_t product_id, std::int64_t warehouse_id) const;

  Database* db_;
};

}  // namespace shop
