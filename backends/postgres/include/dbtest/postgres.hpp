// dbtest for PostgreSQL suites: this worker's clone as a libpqxx connection.
//
// A PostgreSQL suite includes this header and links dbtest::postgres (with
// dbtest::fixtures and dbtest::gtest_main):
//
//   #include <dbtest/postgres.hpp>
//
//   class OrdersTest : public dbtest::TransactionalTest {};  // rolled back after each test
//
//   TEST_F(OrdersTest, NewOrderIsCounted) {
//     pqxx::nontransaction tx(dbtest::postgres());
//     tx.exec0("INSERT INTO orders(customer_id) VALUES (1)");
//   }
#pragma once

#include <dbtest/dbtest.hpp>

// pqxx::connection is an alias of a template instance and cannot be declared
// ahead; <pqxx/connection> is the smallest header that defines it.
#include <pqxx/connection>

namespace dbtest {

// This worker's PostgreSQL clone (PostgreSQL runs only). The connection
// belongs to dbtest and stays open for the life of the process. Throws
// dbtest::Error in a run on another engine.
pqxx::connection& postgres();

namespace internal {
// Any file that includes this header links the PostgreSQL worker side into
// the binary and registers it while statics are initialised, so that the
// worker can open its clone before the first test.
bool link_postgres_worker();
inline const bool postgres_worker_linked = link_postgres_worker();
}  // namespace internal

}  // namespace dbtest
