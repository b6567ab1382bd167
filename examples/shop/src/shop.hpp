// shop: a small online shop's persistence layer, on SQLite, PostgreSQL or
// MySQL (MariaDB).
//
// Every class works through a shop::Database (database.hpp): a SqliteDatabase
// over a sqlite3*, a PostgresDatabase over a pqxx::connection
// (postgres_database.hpp) or a MysqlDatabase over a Connector/C++
// sql::Connection (mysql_database.hpp), that the caller owns and keeps open;
// none of them opens, closes or configures the connection. The library has
// the adapters of the engines it was built with.
// Writes that touch several rows are atomic through SAVEPOINTs, so they work
// both on their own and inside a transaction the caller opened.
//
//   sqlite3* handle = ...;                   // migrated with migrations/*.sql
//   shop::SqliteDatabase db(handle);         // or PostgresDatabase, MysqlDatabase
//   shop::Orders orders(db);
//   auto id = orders.place({.customer_id = 7, .shipping_address_id = 7,
//                           .lines = {{.product_id = 3, .quantity = 2}}});
//   shop::Payments(db).capture(id, orders.get(id).totals.total, "card");
#pragma once

#include "catalog.hpp"
#include "customers.hpp"
#include "database.hpp"
#include "errors.hpp"
#include "inventory.hpp"
#include "orders.hpp"
#include "payments.hpp"
#include "pricing.hpp"
#include "reports.hpp"
#include "returns.hpp"
#include "shipments.hpp"
#include "sqlite_database.hpp"
