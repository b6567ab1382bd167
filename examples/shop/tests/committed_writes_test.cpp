// CommittedWritesTest is deliberately NOT a dbtest::TransactionalTest.
//
// The module makes multi-row writes atomic with SAVEPOINT, which behaves
// differently with and without an enclosing transaction: inside one it only
// marks a point to roll back to, on its own it is the transaction and RELEASE
// commits. Every other suite runs inside the fixture's transaction, so this
// one checks the second case: it commits for real and looks at the result
// through a second connection to the same database (shop_test::
// open_second_connection(); with dbtest's in-memory SQLite clones, which
// cannot be opened twice, through the worker's connection once no
// transaction is open).
//
// On PostgreSQL and MySQL the case is not even the same code path: SAVEPOINT
// needs an open transaction there (MySQL takes one without and forgets it at
// once), so shop::PostgresDatabase and shop::MysqlDatabase open one themselves
// (BEGIN or START TRANSACTION, then COMMIT or ROLLBACK) when there is none.
// This suite is what checks it.
//
// That is only safe because dbtest gives each worker its own copy of the
// database. While a test here runs, its committed orders, reservations and
// price changes are visible to anyone on that file; on a shared database they
// would break the exact counts that OrdersTest, InventoryTest, ReportsTest and
// the others assert on other workers at the same moment.
//
// Later suites on this worker must still find the seed, so TearDown() puts
// back every table this suite writes to, from a snapshot taken in temporary
// tables (private to this connection, on every engine) by the first test. That also makes
// the tests independent of each other: each one starts from the snapshot, in
// whichever order the suite runs.
#include <array>
#include <memory>
#include <string>

#include "shop_fixture.hpp"

namespace shop_test {
namespace {

// Children before parents, the order in which rows can be deleted.
constexpr std::array<const char*, 8> kTouchedTables = {
    "returns", "shipments", "payments",     "order_lines",
    "orders",  "price_history", "stock_levels", "products"};

class CommittedWritesTest : public ::testing::Test {
 protected:
  static void TearDownTestSuite() {
    auto db = worker_database();
    for (const char* table : kTouchedTables) {
      exec(*db, std::string("DROP TABLE IF EXISTS snapshot_") + table);
    }
  }

  void SetUp() override {
    db_ = worker_database();
    ASSERT_FALSE(db_->in_transaction()) << "a transaction was left open before this test";
    // Taken by the suite's first test on this connection, kept for the rest.
    // Under `dbtest --isolation test` every test has a database and a
    // connection of its own, and takes its own.
    for (const char* table : kTouchedTables) {
      exec(*db_, std::string("CREATE TEMPORARY TABLE IF NOT EXISTS snapshot_") + table + " AS SELECT * FROM " + table);
    }
    // A session of its own, which sees what other sessions committed. Where
    // there can be none (an in-memory SQLite clone), the worker's own
    // connection stands in: with no transaction open, it reads exactly what
    // was committed, and each test checks that no transaction was left open.
    other_ = open_second_connection();
  }

  void TearDown() override {
    other_.reset();
    // One savepoint, so the restore itself is all or nothing.
    shop::Savepoint restore(*db_, "restore_snapshot");
    for (const char* table : kTouchedTables) db_->execute(std::string("DELETE FROM ") + table);
    for (auto it = kTouchedTables.rbegin(); it != kTouchedTables.rend(); ++it) {
      db_->execute(std::string("INSERT INTO ") + *it + " SELECT * FROM snapshot_" + *it);
    }
    restore.release();
    restart_ids(*db_);
  }

  shop::Database& db() const { return *db_; }
  // A separate connection where there is one: it sees committed data only.
  shop::Database& other() const { return other_ ? other_->db() : *db_; }

  std::int64_t committed_count(const std::string& table) const {
    return count_rows(other(), table);
  }

 private:
  std::unique_ptr<shop::Database> db_;
  std::unique_ptr<SecondConnection> other_;
};

TEST_F(CommittedWritesTest, PlacedOrderIsCommittedWithItsReservation) {
  const auto orders_before = committed_count("orders");
  const auto reserved_before = scalar(other(), "SELECT sum(reserved) FROM stock_levels");

  std::int64_t id =
      shop::Orders(db()).place(cart_for(seed::kGermanCustomer, {{seed::kCharger, 2}}));

  ASSERT_FALSE(db().in_transaction()) << "place() left a transaction open";
  EXPECT_EQ(committed_count("orders"), orders_before + 1);
  EXPECT_EQ(scalar(other(), "SELECT count(*) FROM order_lines WHERE order_id = " +
                                std::to_string(id)),
            1);
  EXPECT_EQ(scalar(other(), "SELECT sum(reserved) FROM stock_levels"), reserved_before + 2);
  dbtest::publish("shop.committed_order", std::to_string(id));
}

TEST_F(CommittedWritesTest, FailedOrderCommitsNothingAtAll) {
  const auto orders_before = committed_count("orders");
  const auto lines_before = committed_count("order_lines");
  const auto reserved_before = scalar(other(), "SELECT sum(reserved) FROM stock_levels");

  // The first line fits and is written and reserved before the second fails.
  EXPECT_THROW(shop::Orders(db()).place(cart_for(seed::kGermanCustomer,
                                                 {{seed::kCharger, 2}, {seed::kHeadphones, 999}})),
               shop::InsufficientStock);

  ASSERT_FALSE(db().in_transaction()) << "the failed order left a transaction open";
  EXPECT_EQ(committed_count("orders"), orders_before);
  EXPECT_EQ(committed_count("order_lines"), lines_before);
  EXPECT_EQ(scalar(other(), "SELECT sum(reserved) FROM stock_levels"), reserved_before);
}

TEST_F(CommittedWritesTest, PriceChangeAndItsHistoryAreCommittedTogether) {
  const auto history_before = committed_count("price_history");
  shop::Catalog(db()).change_price(seed::kCharger, 3999);

  ASSERT_FALSE(db().in_transaction());
  EXPECT_EQ(scalar(other(), "SELECT price_cents FROM products WHERE id = 1"), 3999);
  EXPECT_EQ(committed_count("price_history"), history_before + 1);
}

TEST_F(CommittedWritesTest, ShippingCommitsStockAndStatusTogether) {
  std::int64_t id = place_paid_order(db(), seed::kGermanCustomer, seed::kCharger, 3);
  const auto on_hand_before =
      scalar(other(), "SELECT on_hand FROM stock_levels WHERE product_id = 1 AND warehouse_id = 1");

  shop::Shipments(db()).ship(id, "DHL", "COMMITTED-1");

  ASSERT_FALSE(db().in_transaction());
  EXPECT_EQ(scalar(other(), "SELECT on_hand FROM stock_levels "
                            "WHERE product_id = 1 AND warehouse_id = 1"),
            on_hand_before - 3);
  EXPECT_EQ(scalar(other(), "SELECT count(*) FROM orders WHERE status = 'shipped' AND id = " +
                                std::to_string(id)),
            1);
}

TEST_F(CommittedWritesTest, TransferThatFailsHalfwayCommitsNothing) {
  const std::string berlin =
      "SELECT on_hand FROM stock_levels WHERE product_id = 1 AND warehouse_id = 1";
  const auto berlin_before = scalar(other(), berlin);
  const auto total_before = scalar(other(), "SELECT sum(on_hand) FROM stock_levels");
  // Taking from Berlin succeeds; putting into warehouse 42 fails.
  EXPECT_THROW(shop::Inventory(db()).transfer(seed::kCharger, 1, 42, 5), shop::NotFound);
  ASSERT_FALSE(db().in_transaction());
  EXPECT_EQ(scalar(other(), "SELECT sum(on_hand) FROM stock_levels"), total_before);
  EXPECT_EQ(scalar(other(), berlin), berlin_before);
}

// Registered last: when the suite runs in order, the tests above have all
// committed before this one, and TearDown() must have undone every write.
TEST_F(CommittedWritesTest, EveryTestStartsFromTheSnapshot) {
  for (const char* table : kTouchedTables) {
    EXPECT_EQ(committed_count(table), count_rows(db(), std::string("snapshot_") + table))
        << table;
  }
  EXPECT_EQ(scalar(other(), "SELECT sum(reserved) FROM stock_levels"),
            scalar(db(), "SELECT sum(reserved) FROM snapshot_stock_levels"));
  EXPECT_EQ(scalar(other(), "SELECT price_cents FROM products WHERE id = 1"),
            scalar(db(), "SELECT price_cents FROM snapshot_products WHERE id = 1"));
}

}  // namespace
}  // namespace shop_test
