// dbtest for MySQL and MariaDB suites: this worker's copy as a Connector/C++
// connection.
//
// A MySQL suite includes this header and links dbtest::mysql (with
// dbtest::fixtures and dbtest::gtest_main):
//
//   #include <dbtest/mysql.hpp>
//   #include <cppconn/statement.h>
//
//   class OrdersTest : public dbtest::TransactionalTest {};  // rolled back after each test
//
//   TEST_F(OrdersTest, NewOrderIsCounted) {
//     std::unique_ptr<sql::Statement> st(dbtest::mysql().createStatement());
//     st->execute("INSERT INTO orders(customer_id) VALUES (1)");
//   }
#pragma once

#include <dbtest/dbtest.hpp>

namespace sql {
class Connection;
}

namespace dbtest {

// This worker's MySQL/MariaDB copy (MySQL runs only). The connection belongs
// to dbtest and stays open for the life of the process. Throws dbtest::Error
// in a run on another engine.
sql::Connection& mysql();

namespace internal {
// Any file that includes this header links the MySQL worker side into the
// binary and registers it while statics are initialised, so that the worker
// can open its copy before the first test.
bool link_mysql_worker();
inline const bool mysql_worker_linked = link_mysql_worker();
}  // namespace internal

}  // namespace dbtest
