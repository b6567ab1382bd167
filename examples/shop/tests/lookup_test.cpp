// The same look-up contract, checked for every entity that has one: find()
// returns the row for a known id and nothing for any other.
#include <string>
#include <type_traits>

#include "shop_fixture.hpp"

namespace shop_test {
namespace {

struct ProductLookup {
  static constexpr const char* kTable = "products";
  static auto find(shop::Database& db, std::int64_t id) { return shop::Catalog(db).find(id); }
  static std::int64_t create(shop::Database& db) {
    return shop::Catalog(db).add_product({"TYP-0001", "Typed Thing", 1, 1, 100});
  }
};

struct CustomerLookup {
  static constexpr const char* kTable = "customers";
  static auto find(shop::Database& db, std::int64_t id) { return shop::Customers(db).find(id); }
  static std::int64_t create(shop::Database& db) {
    return shop::Customers(db).sign_up("typed@example.com", "Typed Tester");
  }
};

struct OrderLookup {
  static constexpr const char* kTable = "orders";
  static auto find(shop::Database& db, std::int64_t id) { return shop::Orders(db).find(id); }
  static std::int64_t create(shop::Database& db) {
    return shop::Orders(db).place(cart_for(seed::kNewCustomer, {{seed::kCharger, 1}}));
  }
};

struct WarehouseLookup {
  static constexpr const char* kTable = "warehouses";
  static auto find(shop::Database& db, std::int64_t id) {
    return shop::Inventory(db).find_warehouse(id);
  }
  static std::int64_t create(shop::Database& db) {
    return scalar(db,
                  "INSERT INTO warehouses (code, city, country) VALUES ('LYS', 'Lyon', 'FR') "
                  "RETURNING id");
  }
};

template <typename Lookup>
class LookupTest : public ShopTest {
 protected:
  std::int64_t seeded_rows() const {
    return count_rows(db(), std::string(Lookup::kTable));
  }
};

struct LookupNames {
  template <typename T>
  static std::string GetName(int) {
    if constexpr (std::is_same_v<T, ProductLookup>) return "Product";
    if constexpr (std::is_same_v<T, CustomerLookup>) return "Customer";
    if constexpr (std::is_same_v<T, OrderLookup>) return "Order";
    return "Warehouse";
  }
};

using Lookups = ::testing::Types<ProductLookup, CustomerLookup, OrderLookup, WarehouseLookup>;
TYPED_TEST_SUITE(LookupTest, Lookups, LookupNames);

TYPED_TEST(LookupTest, FindsEverySeededRow) {
  const std::int64_t rows = this->seeded_rows();
  ASSERT_GT(rows, 0);
  for (std::int64_t id = 1; id <= rows; ++id) {
    auto found = TypeParam::find(this->db(), id);
    ASSERT_TRUE(found) << TypeParam::kTable << " " << id;
    EXPECT_EQ(found->id, id);
  }
}

TYPED_TEST(LookupTest, FindsNothingForIdsThatWereNeverIssued) {
  EXPECT_FALSE(TypeParam::find(this->db(), 0));
  EXPECT_FALSE(TypeParam::find(this->db(), -1));
  EXPECT_FALSE(TypeParam::find(this->db(), this->seeded_rows() + 1));
}

// Seeded ids run 1..n without gaps, so the next one is n + 1.
TYPED_TEST(LookupTest, FindsARowCreatedEarlierInTheSameTest) {
  const std::int64_t expected_id = this->seeded_rows() + 1;
  const std::int64_t id = TypeParam::create(this->db());
  EXPECT_EQ(id, expected_id);
  auto found = TypeParam::find(this->db(), id);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->id, id);
}

}  // namespace
}  // namespace shop_test
