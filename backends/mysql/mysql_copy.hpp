// A full copy of a migrated MySQL/MariaDB database, made from C++ with the
// server doing the work: the template is read once into a CopyRecipe (every
// object's CREATE statement, in an order that works), and each copy replays
// it: tables over several connections at once, each filled with
// INSERT ... SELECT from the template, then views, routines, triggers and
// events. Nothing is dumped to text and parsed back.
#pragma once

#include <string>
#include <vector>

#include "backends/common/ownership_marker.hpp"
#include "mysql_connection.hpp"

namespace dbtest::backends::mysql {

// One CREATE statement and the session settings it must run under.
struct ObjectDefinition {
  std::string kind;  // "TABLE", "VIEW", "PROCEDURE", "FUNCTION", "TRIGGER", "EVENT"
  std::string name;
  std::string create_sql;
  std::string sql_mode;   // empty: the copy session's own
  std::string time_zone;  // events only
  // Tables: the columns that hold data, quoted, for INSERT ... SELECT
  // (generated and invisible columns left out).
  std::string data_columns;
};

struct CopyRecipe {
  std::string source;  // the template's name
  std::string charset;
  std::string collation;
  std::vector<ObjectDefinition> tables;
  std::vector<ObjectDefinition> views;  // each after the views it reads
  std::vector<ObjectDefinition> routines;
  std::vector<ObjectDefinition> triggers;
  std::vector<ObjectDefinition> events;
};

// Reads the template `database`. Throws UsageError for an object dbtest
// cannot copy (a MariaDB sequence) or cannot read (missing privileges).
CopyRecipe read_recipe(Session& session, const std::string& database);

// Creates `target` with `marker` and fills it from the recipe's source,
// using up to `connections` connections for the tables. Throws UsageError
// or InfrastructureError naming the statement and the server's message.
void copy_database(const MysqlServer& server, const CopyRecipe& recipe, const std::string& target,
                   const OwnershipMarker& marker, int connections);

// `sql` with the DEFINER clause taken out, so the copy's objects belong to
// the account making the copy (naming another account needs SUPER or
// SET USER), and with references qualified by database `from` pointed at `to`.
std::string retarget(const std::string& sql, const std::string& from, const std::string& to);

}  // namespace dbtest::backends::mysql
