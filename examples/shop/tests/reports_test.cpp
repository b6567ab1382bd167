#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "shop_fixture.hpp"

namespace shop_test {
namespace {

constexpr std::int64_t kAudio = 5;
constexpr std::int64_t kOutdoor = 4;

class ReportsTest : public ShopTest {
 protected:
  shop::Reports reports() const { return shop::Reports(db()); }

  shop::Cents revenue_of(std::int64_t category_id) const {
    for (const auto& row : reports().revenue_by_category()) {
      if (row.category_id == category_id) return row.revenue_cents;
    }
    ADD_FAILURE() << "category " << category_id << " missing from the report";
    return -1;
  }
};

// Isolation: the exact figures of the seeded order history. A paid order from
// any other test on the same database would move one of them.
TEST_F(ReportsTest, RevenueByCategoryMatchesTheSeededHistory) {
  std::vector<std::pair<std::string, shop::Cents>> got;
  for (const auto& row : reports().revenue_by_category()) {
    got.emplace_back(row.category_name, row.revenue_cents);
  }
  const std::vector<std::pair<std::string, shop::Cents>> expected = {
      {"Home & Kitchen", 112135}, {"Computers", 100035}, {"Camping", 94931},
      {"Electronics", 93751},     {"Audio", 91959},      {"Books", 86442},
      {"Outdoor", 78122},         {"Cookware", 67396}};
  EXPECT_EQ(got, expected);
}

TEST_F(ReportsTest, ListsCategoriesWithoutSalesToo) {
  exec(db(), "INSERT INTO categories (id, name) VALUES (9, 'Garden')");
  auto rows = reports().revenue_by_category();
  ASSERT_EQ(rows.size(), static_cast<std::size_t>(seed::kCategories + 1));
  EXPECT_EQ(rows.back().category_name, "Garden");
  EXPECT_EQ(rows.back().revenue_cents, 0);
}

TEST_F(ReportsTest, PaidOrdersCountTowardsTheirCategory) {
  const auto before = revenue_of(kAudio);
  place_paid_order(db(), seed::kGermanCustomer, seed::kHeadphones, 2);
  EXPECT_EQ(revenue_of(kAudio), before + 2 * 9539);
}

TEST_F(ReportsTest, PendingAndCancelledOrdersDoNotCount) {
  const auto before = revenue_of(kAudio);
  shop::Orders orders(db());
  orders.place(cart_for(seed::kGermanCustomer, {{seed::kHeadphones, 1}}));
  orders.cancel(place_paid_order(db(), seed::kGermanCustomer, seed::kHeadphones, 1));
  EXPECT_EQ(revenue_of(kAudio), before);
}

TEST_F(ReportsTest, ReceivedReturnsAreTakenBackOut) {
  // Open return 3 is one Outdoor backpack at 9854 cents.
  const auto before = revenue_of(kOutdoor);
  shop::Returns(db()).receive(3);
  EXPECT_EQ(revenue_of(kOutdoor), before - 9854);
}

// Isolation: the exact length of a shop-wide list.
TEST_F(ReportsTest, LowStockListMatchesTheSeedEmptiestFirst) {
  auto rows = reports().low_stock();
  EXPECT_EQ(static_cast<std::int64_t>(rows.size()), seed::kLowStock);
  EXPECT_TRUE(std::is_sorted(rows.begin(), rows.end(), [](const auto& a, const auto& b) {
    return a.available < b.available;
  }));
  for (const auto& row : rows) EXPECT_LE(row.available, row.reorder_level) << row.sku;
}

TEST_F(ReportsTest, ReservingDownToTheReorderLevelPutsAnItemOnTheList) {
  // 20 chargers in Berlin, reorder level 5.
  shop::Inventory(db()).reserve(seed::kCharger, 1, 15);
  auto rows = reports().low_stock();
  EXPECT_EQ(static_cast<std::int64_t>(rows.size()), seed::kLowStock + 1);
  EXPECT_TRUE(std::any_of(rows.begin(), rows.end(), [](const auto& row) {
    return row.product_id == seed::kCharger && row.warehouse_code == "BER" && row.available == 5;
  }));
}

TEST_F(ReportsTest, DiscontinuedProductsAreNeverLowStock) {
  // Product 4 has a single backpack left in Berlin.
  auto rows_for_4 = [&] {
    auto rows = reports().low_stock();
    return std::count_if(rows.begin(), rows.end(),
                         [](const auto& row) { return row.product_id == 4; });
  };
  ASSERT_EQ(rows_for_4(), 1);
  shop::Catalog(db()).discontinue(4);
  EXPECT_EQ(rows_for_4(), 0);
}

TEST_F(ReportsTest, TopCustomersAreRankedByMoneyKept) {
  auto top = reports().top_customers(3);
  ASSERT_EQ(top.size(), 3u);
  EXPECT_EQ(top[0].customer_id, 7);
  EXPECT_EQ(top[0].spent_cents, 63364);
  EXPECT_GE(top[1].spent_cents, top[2].spent_cents);
}

TEST_F(ReportsTest, BigNewSpenderTopsTheRanking) {
  // Customer 30 never ordered; ten headphones to Norway beat the seed's best.
  place_paid_order(db(), seed::kNewCustomer, seed::kHeadphones, 10);
  auto top = reports().top_customers(1);
  ASSERT_EQ(top.size(), 1u);
  EXPECT_EQ(top[0].customer_id, seed::kNewCustomer);
  EXPECT_THROW(reports().top_customers(0), shop::InvalidArgument);
}

}  // namespace
}  // namespace shop_test
