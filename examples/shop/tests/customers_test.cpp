#include "shop_fixture.hpp"

namespace shop_test {
namespace {

class CustomersTest : public ShopTest {
 protected:
  shop::Customers customers() const { return shop::Customers(db()); }
};

TEST_F(CustomersTest, SignUpNormalizesEmailAndName) {
  std::int64_t id = customers().sign_up("  Zoe.Quinn@Example.COM ", " Zoe Quinn ");
  auto customer = customers().find(id);
  ASSERT_TRUE(customer);
  EXPECT_EQ(customer->email, "zoe.quinn@example.com");
  EXPECT_EQ(customer->full_name, "Zoe Quinn");
}

// Isolation: exact id and table size.
TEST_F(CustomersTest, NewCustomerGetsTheNextIdAndGrowsTheTableByOne) {
  EXPECT_EQ(customers().sign_up("zoe@example.com", "Zoe Quinn"), seed::kCustomers + 1);
  EXPECT_EQ(count_rows(db(), "customers"), seed::kCustomers + 1);
}

TEST_F(CustomersTest, RefusesAnEmailThatIsAlreadyRegisteredInAnyCase) {
  EXPECT_THROW(customers().sign_up("ADA.Andersen1@example.com", "Ada Again"),
               shop::InvalidArgument);
  EXPECT_EQ(count_rows(db(), "customers"), seed::kCustomers);
}

TEST_F(CustomersTest, RefusesMalformedEmails) {
  for (const char* email : {"", "ada", "@example.com", "ada@", "ada@example", "a b@example.com",
                            "ada@@example.com"}) {
    EXPECT_THROW(customers().sign_up(email, "Ada"), shop::InvalidArgument) << email;
  }
}

TEST_F(CustomersTest, RefusesABlankName) {
  EXPECT_THROW(customers().sign_up("zoe@example.com", "   "), shop::InvalidArgument);
}

TEST_F(CustomersTest, FindsCustomerByEmailInAnyCase) {
  auto customer = customers().find_by_email("Boris.Dubois2@EXAMPLE.com");
  ASSERT_TRUE(customer);
  EXPECT_EQ(customer->id, 2);
  EXPECT_EQ(customer->full_name, "Boris Dubois");
}

TEST_F(CustomersTest, ListsShippingAddressesBeforeBilling) {
  // Customer 21 has two shipping addresses and a billing one.
  auto addresses = customers().addresses(21);
  ASSERT_EQ(addresses.size(), 3u);
  EXPECT_EQ(addresses[0].id, 21);
  EXPECT_EQ(addresses[0].kind, "shipping");
  EXPECT_EQ(addresses[1].kind, "shipping");
  EXPECT_EQ(addresses[2].kind, "billing");
}

TEST_F(CustomersTest, AddedAddressIsStoredWithUpperCaseCountry) {
  std::int64_t id = customers().add_address(
      seed::kNewCustomer, {"shipping", "1 Drottninggatan", "Stockholm", "111 51", "se"});
  auto addresses = customers().addresses(seed::kNewCustomer);
  ASSERT_EQ(addresses.size(), 3u);
  EXPECT_EQ(addresses[1].id, id);
  EXPECT_EQ(addresses[1].country, "SE");
}

TEST_F(CustomersTest, RefusesAddressWithoutATwoLetterCountry) {
  for (const char* country : {"Sweden", "S1", "", "S"}) {
    EXPECT_THROW(customers().add_address(seed::kNewCustomer,
                                         {"shipping", "1 Main St", "Town", "1", country}),
                 shop::InvalidArgument)
        << country;
  }
}

TEST_F(CustomersTest, RefusesAddressOfUnknownKindOrCustomer) {
  EXPECT_THROW(customers().add_address(seed::kNewCustomer,
                                       {"holiday", "1 Main St", "Town", "1", "SE"}),
               shop::InvalidArgument);
  EXPECT_THROW(customers().add_address(999, {"shipping", "1 Main St", "Town", "1", "SE"}),
               shop::NotFound);
}

// Isolation: exact sizes of two tables after deleting seed rows.
TEST_F(CustomersTest, RemovingACustomerDeletesTheirAddresses) {
  customers().remove(seed::kNewCustomer);  // a shipping and a billing address
  EXPECT_FALSE(customers().find(seed::kNewCustomer));
  EXPECT_EQ(count_rows(db(), "customers"), seed::kCustomers - 1);
  EXPECT_EQ(count_rows(db(), "addresses"), seed::kAddresses - 2);
}

// Isolation: wipes half of the seeded customers.
TEST_F(CustomersTest, RemovingEveryCustomerWithoutOrdersLeavesTheBuyers) {
  for (std::int64_t id = 26; id <= seed::kCustomers; ++id) customers().remove(id);
  EXPECT_EQ(count_rows(db(), "customers"), 25);
  EXPECT_EQ(scalar(db(), "SELECT count(*) FROM customers c WHERE NOT EXISTS "
                         "(SELECT 1 FROM orders o WHERE o.customer_id = c.id)"),
            0);
}

TEST_F(CustomersTest, RefusesToRemoveACustomerWithOrders) {
  EXPECT_THROW(customers().remove(seed::kGermanCustomer), shop::InvalidState);
  EXPECT_EQ(count_rows(db(), "customers"), seed::kCustomers);
}

}  // namespace
}  // namespace shop_test
