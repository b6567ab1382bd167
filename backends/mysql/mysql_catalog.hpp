// What dbtest reads from and says to a MySQL/MariaDB server about its own
// databases. MySQL has no database comments, so a database dbtest made holds
// its ownership marker in a one-row table, dbtest_meta.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "backends/common/ownership_marker.hpp"
#include "mysql_connection.hpp"

namespace dbtest::backends::mysql {

inline constexpr const char* kMarkerTable = "dbtest_meta";
inline constexpr const char* kMigrationsTable = "dbtest_migrations";

bool database_exists(Session& session, const std::string& name);
// nullopt: the database has no readable marker, so it is not dbtest's.
std::optional<OwnershipMarker> read_marker(Session& session, const std::string& name);
// Every database with a marker this account can see.
std::map<std::string, OwnershipMarker> databases_with_markers(Session& session);
// The databases this account can see that are not in `marked` (what
// databases_with_markers found), system schemas left out.
std::vector<std::string> databases_without_markers(Session& session,
                                                   const std::map<std::string, OwnershipMarker>& marked);

// Creates `name` (with the character set and collation given, or the
// server's defaults when empty) and marks it at once.
void create_database(Session& session, const std::string& name, const OwnershipMarker& marker,
                     const std::string& charset = "", const std::string& collation = "");
void write_marker(Session& session, const std::string& name, const OwnershipMarker& marker);
// Ends this account's other sessions on `name`, then drops it. Never call it
// for a database without a marker.
void drop_database(Session& session, const std::string& name);

// name -> checksum of the migrations a template recorded; empty when none.
std::map<std::string, std::string> applied_migrations(Session& session, const std::string& database);

// A digest of everything a migration can make: tables and their columns,
// indexes and constraints, sequences, views, routines and packages, triggers
// and events.
std::string schema_digest(Session& session, const std::string& database);

// What a copy is checked against: the objects of a database and the rows of
// each table (dbtest's marker table left out).
struct Inventory {
  std::map<std::string, std::uint64_t> table_rows;
  std::set<std::string> sequences;
  std::set<std::string> views;
  // "PROCEDURE name", "FUNCTION name", "PACKAGE name", "PACKAGE BODY name"
  std::set<std::string> routines;
  std::set<std::string> triggers;
  std::set<std::string> events;
};
// With `like`, only the kinds of object that `like` has are read: a copy made
// from a template without triggers has none to miss, and reading
// information_schema.TRIGGERS is slow while other copies make tables.
Inventory read_inventory(Session& session, const std::string& database, const Inventory* like = nullptr);
// How `copy` differs from `original`, one clause per difference; empty when
// they match.
std::string compare_inventories(const Inventory& original, const Inventory& copy);

}  // namespace dbtest::backends::mysql
