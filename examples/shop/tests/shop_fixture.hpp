// Shared fixture and helpers for the shop suites.
#pragma once

#include <dbtest/dbtest.hpp>

#include <cstdint>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>

#include "shop.hpp"

namespace shop_test {

// What migrations 0006..0009 seed (the same rows on SQLite, PostgreSQL and
// MySQL).
// Many tests assert whole-table numbers
// against these ("the seed plus the row I added"), which only holds when no
// other test writes to the same database at the same time: dbtest gives every
// worker its own clone, and ShopTest rolls each test back.
namespace seed {
inline constexpr std::int64_t kCategories = 8;
inline constexpr std::int64_t kSuppliers = 6;
inline constexpr std::int64_t kProducts = 120;
inline constexpr std::int64_t kDiscontinued = 6;  // every 20th product
inline constexpr std::int64_t kPriceChanges = 12;
inline constexpr std::int64_t kCustomers = 50;
inline constexpr std::int64_t kAddresses = 71;
inline constexpr std::int64_t kWarehouses = 3;
inline constexpr std::int64_t kStockLevels = 240;
inline constexpr std::int64_t kOnHand = 4722;   // sum over stock_levels
inline constexpr std::int64_t kReserved = 42;   // held by orders 29..38
inline constexpr std::int64_t kLowStock = 36;   // rows of the low_stock view
inline constexpr std::int64_t kOrders = 40;
inline constexpr std::int64_t kOrderLines = 80;
inline constexpr std::int64_t kOrderValue = 1041448;  // cents, sum of all order totals
inline constexpr std::int64_t kPayments = 38;
inline constexpr std::int64_t kCaptured = 866904;  // cents, all captures
inline constexpr std::int64_t kRefunded = 26159;   // cents, all refunds
inline constexpr std::int64_t kShipments = 28;
inline constexpr std::int64_t kReturns = 3;

// Orders by status (see 0009_seed_orders.sql).
inline constexpr std::int64_t kDeliveredOrder = 1;   // 1..20
inline constexpr std::int64_t kShippedOrder = 21;    // 21..28
inline constexpr std::int64_t kPaidOrder = 29;       // 29..34
inline constexpr std::int64_t kPendingOrder = 35;    // 35..38
inline constexpr std::int64_t kCancelledOrder = 40;  // 39..40

// Customer n ships to address n. Customer 1 lives in Germany (19 % VAT),
// customer 2 in the US (8.25 %); customers 26..50 never ordered.
inline constexpr std::int64_t kGermanCustomer = 1;
inline constexpr std::int64_t kAmericanCustomer = 2;
inline constexpr std::int64_t kNewCustomer = 30;

// Well-stocked active products: 4184 cents, 26 units in BER (1) and OSL (3);
// 9539 cents, 55 units in NWK (2) and OSL (3); 4709 cents, 45 units in BER
// and NWK.
inline constexpr std::int64_t kCharger = 1;
inline constexpr std::int64_t kHeadphones = 5;
inline constexpr std::int64_t kCharger9 = 9;
inline constexpr std::int64_t kDiscontinuedProduct = 20;
}  // namespace seed

// This worker's database, as the engine dbtest runs on (dbtest::backend()):
// a SqliteDatabase over dbtest::sqlite(), a PostgresDatabase over
// dbtest::postgres() or a MysqlDatabase over dbtest::mysql(). Cheap: it only
// wraps the connection dbtest keeps open. On SQLite it also turns foreign
// keys on, which the module relies on and SQLite leaves to each connection
// (outside a transaction only: inside one SQLite ignores the pragma).
std::unique_ptr<shop::Database> worker_database();

// Another connection of its own to this worker's database, which sees only
// what was committed. Null where there cannot be one: an in-memory SQLite
// clone (dbtest --sqlite-mode memory) cannot be opened twice.
class SecondConnection {
 public:
  virtual ~SecondConnection() = default;
  shop::Database& db() const { return *db_; }

 protected:
  std::unique_ptr<shop::Database> db_;
};
std::unique_ptr<SecondConnection> open_second_connection();

// Runs one statement on its own, in a savepoint: if it fails, the test's
// transaction stays usable on every engine. (SQLite and MySQL undo just the
// failed statement anyway; PostgreSQL would abort the whole transaction.)
void exec(shop::Database& db, const std::string& sql);
std::int64_t scalar(shop::Database& db, const std::string& sql);
std::int64_t count_rows(shop::Database& db, const std::string& table);

// Makes every table's next id max(id) + 1 again. SQLite does that by itself
// (ids are rowids). PostgreSQL's identity sequences and InnoDB's
// AUTO_INCREMENT counters are not transactional: a rolled-back INSERT still
// used up its id, so without this a test that expects order 41 would get 42
// after any other test on the worker placed an order. On MySQL this is
// ALTER TABLE, which commits: call it outside a transaction (it throws
// inside one rather than end the caller's).
void restart_ids(shop::Database& db);

// The schema, as the engine's own catalog lists it (sqlite_schema and
// PRAGMA foreign_key_check; pg_catalog in the current schema;
// information_schema of the current database on MySQL):
// base tables named `name` (0 or 1),
std::int64_t tables_named(shop::Database& db, const std::string& name);
// views,
std::int64_t view_count(shop::Database& db);
// triggers the migrations created (not PostgreSQL's internal ones that
// implement foreign keys),
std::int64_t trigger_count(shop::Database& db);
// and the first foreign key that rows may break, or "" when there is none:
// a table with dangling rows (SQLite, MySQL: both can load rows with the
// checks off, and dbtest's MySQL copies do), or a key PostgreSQL never
// checked the old rows against (added NOT VALID; it checks every row it
// writes otherwise).
std::string unchecked_foreign_key(shop::Database& db);

// A cart to customer's own first shipping address (address id == customer id
// in the seed).
shop::Cart cart_for(std::int64_t customer_id, std::initializer_list<shop::CartLine> lines,
                    std::optional<std::string> coupon = std::nullopt);

// Places a one-line order and pays it in full by card; returns its id.
std::int64_t place_paid_order(shop::Database& db, std::int64_t customer_id,
                              std::int64_t product_id, std::int64_t quantity);

// Every test runs in a transaction that dbtest rolls back afterwards, so each
// one starts from the migrated seed however many tests ran before it on this
// worker, and in whichever order.
class ShopTest : public dbtest::TransactionalTest {
 protected:
  void SetUp() override;

  shop::Database& db() const { return *db_; }

 private:
  std::unique_ptr<shop::Database> db_;
};

}  // namespace shop_test
