// A full copy of a migrated MySQL/MariaDB database, made from C++ with the
// server doing the work: the template is read once into a CopyRecipe (every
// object's CREATE statement, in an order that works), and each copy replays
// it: sequences, put where the template's stand; tables over several
// connections at once, each filled with INSERT ... SELECT from the template;
// then routines and packages, views, triggers and events. Nothing is dumped
// to text and parsed back.
#pragma once

#include <string>
#include <vector>

#include "backends/common/ownership_marker.hpp"
#include "mysql_connection.hpp"

namespace dbtest::backends::mysql {

// One CREATE statement and the session settings it must run under.
struct ObjectDefinition {
  // "TABLE", "VIEW", "PROCEDURE", "FUNCTION", "PACKAGE", "PACKAGE BODY",
  // "TRIGGER", "EVENT"
  std::string kind;
  std::string name;
  std::string create_sql;
  std::string sql_mode;   // empty: the copy session's own
  std::string time_zone;  // events only
  // Tables: the columns that hold data, quoted, for INSERT ... SELECT
  // (generated and invisible columns left out).
  std::string data_columns;
};

// A MariaDB sequence, and where the template's stands. The table behind a
// sequence holds the first value not yet cached, not the next one NEXTVAL
// gives, so the position is read by taking a value and setting it back.
struct SequenceDefinition {
  std::string name;
  std::string create_sql;
  // What NEXTVAL gives next in the template; for one that has run out, the
  // last value it could give (its MAXVALUE, or MINVALUE counting down).
  std::string next_value;
  bool run_out = false;
};

struct CopyRecipe {
  std::string source;  // the template's name
  std::string charset;
  std::string collation;
  std::vector<SequenceDefinition> sequences;
  std::vector<ObjectDefinition> tables;
  std::vector<ObjectDefinition> views;  // each after the views it reads
  std::vector<ObjectDefinition> routines;  // each package before the bodies
  std::vector<ObjectDefinition> triggers;
  std::vector<ObjectDefinition> events;
};

// Reads the template `database`. Throws UsageError for an object dbtest
// cannot copy or cannot read (missing privileges). Reading a sequence's
// position takes a value from it and sets it back with ALTER SEQUENCE, so the
// account needs ALTER on the template.
CopyRecipe read_recipe(Session& session, const std::string& database);

// Creates `target` with `marker` and fills it from the recipe's source,
// using up to `connections` connections for the tables. Throws UsageError
// or InfrastructureError naming the statement and the server's message.
void copy_database(const MysqlServer& server, const CopyRecipe& recipe, const std::string& target,
                   const OwnershipMarker& marker, int connections);

// The statements that put a copy's new sequence where `sequence` says the
// template's stands: RESTART WITH the next value (SETVAL cannot go back, and a
// descending or restarted sequence may stand behind its start); one that has
// run out restarts at its last value and takes it.
std::vector<std::string> sequence_position(const SequenceDefinition& sequence);

// `sql` with the DEFINER clause taken out, so the copy's objects belong to
// the account making the copy (naming another account needs SUPER or
// SET USER), and with references qualified by database `from` pointed at `to`.
std::string retarget(const std::string& sql, const std::string& from, const std::string& to);

}  // namespace dbtest::backends::mysql
