#include <string>

#include "shop_fixture.hpp"

namespace shop_test {
namespace {

// Product 1 is kept in Berlin (20 on hand) and Oslo (6); product 3 in Berlin
// (36 on hand, 2 reserved by an open order) and Newark (7).
constexpr std::int64_t kBerlin = 1;
constexpr std::int64_t kNewark = 2;
constexpr std::int64_t kOslo = 3;
constexpr std::int64_t kProduct3 = 3;

class InventoryTest : public ShopTest {
 protected:
  shop::Inventory inventory() const { return shop::Inventory(db()); }
};

TEST_F(InventoryTest, LevelReportsOnHandReservedAndAvailable) {
  auto level = inventory().level(kProduct3, kBerlin);
  EXPECT_EQ(level.on_hand, 36);
  EXPECT_EQ(level.reserved, 2);
  EXPECT_EQ(level.available(), 34);
}

TEST_F(InventoryTest, LevelOfProductNotKeptInWarehouseThrowsNotFound) {
  EXPECT_THROW(inventory().level(seed::kCharger, kNewark), shop::NotFound);
}

TEST_F(InventoryTest, AvailableSumsOverWarehouses) {
  EXPECT_EQ(inventory().available(seed::kCharger), 26);
}

TEST_F(InventoryTest, ReservingLowersAvailableButNotOnHand) {
  inventory().reserve(seed::kCharger, kBerlin, 5);
  auto level = inventory().level(seed::kCharger, kBerlin);
  EXPECT_EQ(level.on_hand, 20);
  EXPECT_EQ(level.reserved, 5);
}

TEST_F(InventoryTest, RefusesToReserveMoreThanAvailable) {
  try {
    inventory().reserve(seed::kCharger, kBerlin, 21);
    FAIL() << "reserved 21 of 20";
  } catch (const shop::InsufficientStock& e) {
    EXPECT_EQ(e.product_id(), seed::kCharger);
    EXPECT_EQ(e.warehouse_id(), kBerlin);
    EXPECT_EQ(e.requested(), 21);
    EXPECT_EQ(e.available(), 20);
  }
  EXPECT_EQ(inventory().level(seed::kCharger, kBerlin).reserved, 0);
}

TEST_F(InventoryTest, RefusesNonPositiveQuantities) {
  EXPECT_THROW(inventory().reserve(seed::kCharger, kBerlin, 0), shop::InvalidArgument);
  EXPECT_THROW(inventory().receive(seed::kCharger, kBerlin, -3), shop::InvalidArgument);
}

TEST_F(InventoryTest, ReleaseGivesReservedStockBack) {
  inventory().release(kProduct3, kBerlin, 2);
  EXPECT_EQ(inventory().level(kProduct3, kBerlin).available(), 36);
}

TEST_F(InventoryTest, RefusesToReleaseMoreThanReserved) {
  EXPECT_THROW(inventory().release(kProduct3, kBerlin, 3), shop::InvalidArgument);
  EXPECT_EQ(inventory().level(kProduct3, kBerlin).reserved, 2);
}

TEST_F(InventoryTest, ConsumingTakesReservedUnitsOffTheShelf) {
  inventory().consume(kProduct3, kBerlin, 2);
  auto level = inventory().level(kProduct3, kBerlin);
  EXPECT_EQ(level.on_hand, 34);
  EXPECT_EQ(level.reserved, 0);
}

TEST_F(InventoryTest, ReceivingAddsToAnExistingLevel) {
  inventory().receive(seed::kCharger, kBerlin, 10);
  EXPECT_EQ(inventory().level(seed::kCharger, kBerlin).on_hand, 30);
}

// Isolation: counts every stock row.
TEST_F(InventoryTest, ReceivingStartsKeepingAProductInANewWarehouse) {
  inventory().receive(seed::kCharger, kNewark, 7);
  EXPECT_EQ(inventory().level(seed::kCharger, kNewark).on_hand, 7);
  EXPECT_EQ(count_rows(db(), "stock_levels"), seed::kStockLevels + 1);
}

TEST_F(InventoryTest, ReceivingIntoUnknownWarehouseThrowsNotFound) {
  EXPECT_THROW(inventory().receive(seed::kCharger, 42, 1), shop::NotFound);
}

// Isolation: the shop-wide sum of stock on hand must be exactly the seed's.
TEST_F(InventoryTest, TransferMovesStockAndKeepsTheShopWideTotal) {
  inventory().transfer(seed::kCharger, kBerlin, kOslo, 5);
  EXPECT_EQ(inventory().level(seed::kCharger, kBerlin).on_hand, 15);
  EXPECT_EQ(inventory().level(seed::kCharger, kOslo).on_hand, 11);
  EXPECT_EQ(scalar(db(), "SELECT sum(on_hand) FROM stock_levels"), seed::kOnHand);
}

TEST_F(InventoryTest, TransferRefusesReservedUnitsAndChangesNothing) {
  EXPECT_THROW(inventory().transfer(kProduct3, kBerlin, kNewark, 35), shop::InsufficientStock);
  EXPECT_EQ(inventory().level(kProduct3, kBerlin).on_hand, 36);
  EXPECT_EQ(inventory().level(kProduct3, kNewark).on_hand, 7);
}

TEST_F(InventoryTest, TransferToTheSameWarehouseIsRefused) {
  EXPECT_THROW(inventory().transfer(seed::kCharger, kBerlin, kBerlin, 1), shop::InvalidArgument);
}

TEST_F(InventoryTest, PicksAWarehouseInTheDestinationCountry) {
  EXPECT_EQ(inventory().pick_warehouse(seed::kCharger, 5, "NO"), kOslo);
  EXPECT_EQ(inventory().pick_warehouse(seed::kCharger, 5, "DE"), kBerlin);
  // No warehouse in France: the fullest one.
  EXPECT_EQ(inventory().pick_warehouse(seed::kCharger, 5, "FR"), kBerlin);
}

TEST_F(InventoryTest, PicksAnotherCountryWhenLocalStockIsShort) {
  EXPECT_EQ(inventory().pick_warehouse(seed::kCharger, 10, "NO"), kBerlin);
}

TEST_F(InventoryTest, PicksNothingWhenNoSingleWarehouseHasEnough) {
  // 26 in total, but never more than 20 in one place.
  EXPECT_EQ(inventory().pick_warehouse(seed::kCharger, 21, "DE"), std::nullopt);
  EXPECT_EQ(inventory().best_single_warehouse(seed::kCharger), 20);
}

TEST_F(InventoryTest, SchemaRefusesOverReservationEvenWithoutTheModule) {
  EXPECT_THROW(exec(db(), "UPDATE stock_levels SET reserved = on_hand + 1 WHERE product_id = 1"),
               shop::ConstraintViolation);
  EXPECT_THROW(exec(db(), "UPDATE stock_levels SET on_hand = -1 WHERE product_id = 1"),
               shop::ConstraintViolation);
}

// Isolation: whole-table sums after a round trip over many products.
TEST_F(InventoryTest, ReserveThenReleaseEverywhereRestoresTheSeededTotals) {
  std::vector<std::pair<std::int64_t, std::int64_t>> keys;
  for (const auto& level : db().query("SELECT product_id, warehouse_id FROM stock_levels "
                                      "WHERE on_hand - reserved > 0")) {
    keys.emplace_back(level.int64(0), level.int64(1));
  }
  ASSERT_GT(keys.size(), 200u);

  for (auto [product, warehouse] : keys) inventory().reserve(product, warehouse, 1);
  EXPECT_EQ(scalar(db(), "SELECT sum(reserved) FROM stock_levels"),
            seed::kReserved + static_cast<std::int64_t>(keys.size()));
  for (auto [product, warehouse] : keys) inventory().release(product, warehouse, 1);
  EXPECT_EQ(scalar(db(), "SELECT sum(reserved) FROM stock_levels"), seed::kReserved);
  EXPECT_EQ(scalar(db(), "SELECT sum(on_hand) FROM stock_levels"), seed::kOnHand);
}

// Reserving right at the edge of what is available.
struct Edge {
  const char* name;
  std::int64_t over_available;  // requested - available
  bool succeeds;
};

class ReserveEdgeTest : public ShopTest, public ::testing::WithParamInterface<Edge> {};

TEST_P(ReserveEdgeTest, SucceedsExactlyUpToAvailable) {
  shop::Inventory inventory(db());
  const auto before = inventory.level(kProduct3, kBerlin);
  const std::int64_t requested = before.available() + GetParam().over_available;

  if (GetParam().succeeds) {
    inventory.reserve(kProduct3, kBerlin, requested);
    EXPECT_EQ(inventory.level(kProduct3, kBerlin).reserved, before.reserved + requested);
  } else {
    EXPECT_THROW(inventory.reserve(kProduct3, kBerlin, requested), shop::InsufficientStock);
    EXPECT_EQ(inventory.level(kProduct3, kBerlin).reserved, before.reserved);
  }
}

INSTANTIATE_TEST_SUITE_P(AroundAvailable, ReserveEdgeTest,
                         ::testing::Values(Edge{"OneBelow", -1, true}, Edge{"Exactly", 0, true},
                                           Edge{"OneAbove", 1, false},
                                           Edge{"FarAbove", 1000, false}),
                         [](const auto& param) { return std::string(param.param.name); });

}  // namespace
}  // namespace shop_test
