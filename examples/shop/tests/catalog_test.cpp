#include <algorithm>

#include "shop_fixture.hpp"

namespace shop_test {
namespace {

class CatalogTest : public ShopTest {
 protected:
  shop::Catalog catalog() const { return shop::Catalog(db()); }

  shop::NewProduct new_product(std::string sku = "ELE-9000") const {
    return {std::move(sku), "Solar Charger", 1, 2, 2999};
  }
};

TEST_F(CatalogTest, FindsProductById) {
  auto product = catalog().find(seed::kCharger);
  ASSERT_TRUE(product);
  EXPECT_EQ(product->sku, "ELE-0001");
  EXPECT_EQ(product->name, "Classic Charger 1");
  EXPECT_EQ(product->category_id, 1);
  EXPECT_EQ(product->price_cents, 4184);
  EXPECT_TRUE(product->active);
}

TEST_F(CatalogTest, FindsProductBySkuInAnyCase) {
  auto product = catalog().find_by_sku("ele-0001");
  ASSERT_TRUE(product);
  EXPECT_EQ(product->id, seed::kCharger);
}

TEST_F(CatalogTest, FindsNothingForUnknownProduct) {
  EXPECT_FALSE(catalog().find(seed::kProducts + 1));
  EXPECT_FALSE(catalog().find_by_sku("NOPE-0000"));
}

TEST_F(CatalogTest, ListsOnlyActiveProductsOfACategory) {
  // Outdoor holds 15 products, three of them (20, 60, 100) discontinued.
  auto products = catalog().list_by_category(4);
  EXPECT_EQ(products.size(), 12u);
  for (const auto& p : products) {
    EXPECT_TRUE(p.active) << p.sku;
    EXPECT_EQ(p.category_id, 4) << p.sku;
  }
}

TEST_F(CatalogTest, ListsCategoryByName) {
  auto products = catalog().list_by_category(3);
  EXPECT_TRUE(std::is_sorted(products.begin(), products.end(),
                             [](const auto& a, const auto& b) { return a.name < b.name; }));
}

TEST_F(CatalogTest, ListingCanIncludeSubcategories) {
  // Electronics has Audio and Computers below it, 15 active products each.
  EXPECT_EQ(catalog().list_by_category(1).size(), 15u);
  EXPECT_EQ(catalog().list_by_category(1, true).size(), 45u);
}

TEST_F(CatalogTest, ListingUnknownCategoryThrowsNotFound) {
  EXPECT_THROW(catalog().list_by_category(99), shop::NotFound);
}

TEST_F(CatalogTest, SearchIgnoresCaseAndSkipsDiscontinuedProducts) {
  // 15 tents, three discontinued (40, 80, 120).
  auto tents = catalog().search("tENT");
  EXPECT_EQ(tents.size(), 12u);
}

TEST_F(CatalogTest, SearchTreatsWildcardsLiterally) {
  EXPECT_TRUE(catalog().search("%").empty());
  EXPECT_TRUE(catalog().search("_").empty());
}

// Isolation: the new id and the table size are exact. A product added by a
// test on another worker, if the database were shared, would take id 121.
TEST_F(CatalogTest, AddedProductGetsTheNextIdAndGrowsTheCatalogByOne) {
  std::int64_t id = catalog().add_product(new_product());
  EXPECT_EQ(id, seed::kProducts + 1);
  EXPECT_EQ(count_rows(db(), "products"), seed::kProducts + 1);
}

TEST_F(CatalogTest, AddedProductIsStoredWithUpperCaseSku) {
  std::int64_t id = catalog().add_product(new_product("ele-9001"));
  EXPECT_EQ(catalog().find(id)->sku, "ELE-9001");
}

TEST_F(CatalogTest, RefusesDuplicateSkuWhateverItsCase) {
  EXPECT_THROW(catalog().add_product(new_product("ele-0001")), shop::InvalidArgument);
  EXPECT_EQ(count_rows(db(), "products"), seed::kProducts);
}

TEST_F(CatalogTest, RefusesNegativePrice) {
  auto product = new_product();
  product.price_cents = -1;
  EXPECT_THROW(catalog().add_product(product), shop::InvalidArgument);
}

TEST_F(CatalogTest, RefusesUnknownSupplier) {
  auto product = new_product();
  product.supplier_id = 99;
  EXPECT_THROW(catalog().add_product(product), shop::NotFound);
}

// Isolation: counts the whole price_history table.
TEST_F(CatalogTest, PriceChangeIsRecordedInHistory) {
  catalog().change_price(seed::kCharger, 3999);

  EXPECT_EQ(catalog().find(seed::kCharger)->price_cents, 3999);
  auto history = catalog().price_history(seed::kCharger);
  ASSERT_EQ(history.size(), 2u);  // the spring sale, then this change
  EXPECT_EQ(history.back().old_price_cents, 4184);
  EXPECT_EQ(history.back().new_price_cents, 3999);
  EXPECT_EQ(count_rows(db(), "price_history"), seed::kPriceChanges + 1);
}

TEST_F(CatalogTest, SettingTheSamePriceRecordsNothing) {
  catalog().change_price(seed::kCharger, 4184);
  EXPECT_EQ(count_rows(db(), "price_history"), seed::kPriceChanges);
}

TEST_F(CatalogTest, ChangingPriceOfUnknownProductThrowsNotFound) {
  EXPECT_THROW(catalog().change_price(999, 100), shop::NotFound);
}

TEST_F(CatalogTest, RepricingACategoryRoundsHalfUpAndRecordsEveryChange) {
  // Audio: 15 active products.
  EXPECT_EQ(catalog().reprice_category(5, 10), 15);
  EXPECT_EQ(catalog().find(seed::kHeadphones)->price_cents, 10493);  // 9539 * 1.1 = 10492.9
  EXPECT_EQ(count_rows(db(), "price_history"), seed::kPriceChanges + 15);
}

TEST_F(CatalogTest, RepricingLeavesDiscontinuedProductsAlone) {
  const auto before = catalog().find(seed::kDiscontinuedProduct)->price_cents;
  EXPECT_EQ(catalog().reprice_category(4, -10), 12);
  EXPECT_EQ(catalog().find(seed::kDiscontinuedProduct)->price_cents, before);
}

TEST_F(CatalogTest, RefusesImplausibleRepricing) {
  EXPECT_THROW(catalog().reprice_category(5, -95), shop::InvalidArgument);
  EXPECT_THROW(catalog().reprice_category(5, 250), shop::InvalidArgument);
}

TEST_F(CatalogTest, DiscontinuedProductDisappearsFromListing) {
  catalog().discontinue(seed::kCharger);
  auto products = catalog().list_by_category(1);
  EXPECT_EQ(products.size(), 14u);
  EXPECT_TRUE(std::none_of(products.begin(), products.end(),
                           [](const auto& p) { return p.id == seed::kCharger; }));
}

// Isolation: deletes seed rows and checks what is left of two whole tables.
TEST_F(CatalogTest, PurgeDeletesDiscontinuedProductsThatWereNeverOrdered) {
  // Of the six discontinued products, 40, 60, 100 and 120 appear in orders.
  EXPECT_EQ(catalog().purge_discontinued(), 2);
  EXPECT_EQ(count_rows(db(), "products"), seed::kProducts - 2);
  EXPECT_FALSE(catalog().find(seed::kDiscontinuedProduct));
  EXPECT_TRUE(catalog().find(40));
  // Each product is kept in two warehouses; their stock rows cascade.
  EXPECT_EQ(count_rows(db(), "stock_levels"), seed::kStockLevels - 4);
}

}  // namespace
}  // namespace shop_test
