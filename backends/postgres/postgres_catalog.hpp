// What dbtest reads from and says to a PostgreSQL server's catalog about its
// own databases, on the maintenance connection.
#pragma once

#include <pqxx/pqxx>

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "backends/common/ownership_marker.hpp"

namespace dbtest::backends::postgres {

struct DatabaseInfo {
  std::string name;
  std::optional<OwnershipMarker> marker;  // nullopt: not dbtest's
  bool is_template = false;
};

std::optional<DatabaseInfo> find_database(pqxx::connection& admin, const std::string& name);
std::vector<DatabaseInfo> databases_with_markers(pqxx::connection& admin);
// Names of the databases without a dbtest marker that this role owns.
std::vector<std::string> databases_without_markers(pqxx::connection& admin);

void create_database(pqxx::connection& admin, const std::string& name, const OwnershipMarker& marker,
                     const std::string& from_template = "", const std::string& strategy = "");
// The STRATEGY dbtest names for clones of the template when
// --pg-clone-strategy is not given; "" names none, the only choice before
// PostgreSQL 15.
// `beside_tests`: clones are made while tests run (--isolation test).
std::string default_clone_strategy(pqxx::connection& admin, bool beside_tests);
void set_marker(pqxx::connection& admin, const std::string& name, const OwnershipMarker& marker);
// Closes the template to connections and marks it IS_TEMPLATE.
void seal_template(pqxx::connection& admin, const std::string& name);
// Opens a sealed template to connections again, for reading its schema.
void open_template(pqxx::connection& admin, const std::string& name);
// Drops a database dbtest owns, ending its sessions first. Never call it for
// a database without a marker.
void drop_database(pqxx::connection& admin, const std::string& name);
// Takes IS_TEMPLATE off a database that exists, so it can be dropped.
void unmark_template(pqxx::connection& admin, const std::string& name);

// Ends the other sessions on a database dbtest owns. Returns a description of
// each session it could not end ("user app, application psql, client 10.0.0.5").
std::vector<std::string> end_sessions(pqxx::connection& admin, const std::string& name);

// name -> checksum of the migrations recorded in a template's
// dbtest_migrations table; empty when it has none.
std::map<std::string, std::string> applied_migrations(pqxx::connection& database);

// A digest of the schema: tables, columns, indexes and constraints.
std::string schema_digest(pqxx::connection& database);

}  // namespace dbtest::backends::postgres
