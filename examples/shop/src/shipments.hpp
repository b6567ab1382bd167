// Parcels. Shipping is where reserved stock actually leaves the warehouse.
#pragma once

#include "database.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace shop {

struct Shipment {
  std::int64_t id = 0;
  std::int64_t order_id = 0;
  std::string carrier;
  std::string tracking_code;
  std::string shipped_at;
  std::optional<std::string> delivered_at;
};

class Shipments {
 public:
  explicit Shipments(Database& db) : db_(&db) {}

  // Ships a paid order in one parcel: consumes its reserved stock and marks
  // it shipped. Carrier is "DHL", "UPS" or "PostNord". A tracking code that
  // is already in use surfaces as ConstraintViolation from the schema.
  std::int64_t ship(std::int64_t order_id, std::string_view carrier,
                    std::string_view tracking_code);

  // The carrier reported the parcel delivered.
  void deliver(std::int64_t shipment_id);

  std::optional<Shipment> for_order(std::int64_t order_id) const;

 private:
  Database* db_;
};

}  // namespace shop
