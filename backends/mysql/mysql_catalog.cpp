#include "mysql_catalog.hpp"

#include <cppconn/exception.h>
#include <fmt/format.h>

#include "backends/common/sha256.hpp"

namespace dbtest::backends::mysql {
namespace {

const std::set<std::string> kSystemSchemas = {"information_schema", "mysql", "performance_schema", "sys"};

std::string text(const std::optional<std::string>& value) { return value.value_or("\\N"); }

// The rows of `sql` as one string, for hashing.
std::string flatten(Session& session, const std::string& sql) {
  std::string out;
  for (const auto& row : session.rows(sql)) {
    for (const auto& field : row) out += text(field) + '\x1f';
    out += '\x1e';
  }
  return out;
}

std::vector<std::string> first_column(Session& session, const std::string& sql) {
  std::vector<std::string> out;
  for (const auto& row : session.rows(sql)) out.push_back(text(row.at(0)));
  return out;
}

std::string join(const std::vector<std::string>& items, const std::string& separator = ", ") {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : separator) + item;
  return out;
}

// Items of `a` missing from `b`, as "x, y".
template <typename Set>
std::vector<std::string> missing(const Set& a, const Set& b) {
  std::vector<std::string> out;
  for (const auto& item : a) {
    if (!b.count(item)) out.push_back(item);
  }
  return out;
}

}  // namespace

bool database_exists(Session& session, const std::string& name) {
  return session
      .scalar("SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = " + quote_literal(name))
      .has_value();
}

std::optional<OwnershipMarker> read_marker(Session& session, const std::string& name) {
  const auto has_table = session.scalar(fmt::format(
      "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = {} AND TABLE_NAME = '{}'",
      quote_literal(name), kMarkerTable));
  if (!has_table) return std::nullopt;
  std::optional<std::string> value;
  try {
    value = session.scalar(fmt::format("SELECT marker FROM {}.{} LIMIT 1", quote_identifier(name), kMarkerTable));
  } catch (const sql::SQLException& e) {
    // Another run dropped the database since it was listed: it is gone,
    // not an error (ER_NO_SUCH_TABLE, ER_BAD_DB_ERROR).
    if (e.getErrorCode() == 1146 || e.getErrorCode() == 1049) return std::nullopt;
    throw;
  }
  if (!value) return std::nullopt;
  return OwnershipMarker::decode(*value);
}

std::map<std::string, OwnershipMarker> databases_with_markers(Session& session) {
  std::map<std::string, OwnershipMarker> out;
  const auto names = first_column(
      session, fmt::format("SELECT TABLE_SCHEMA FROM information_schema.TABLES WHERE TABLE_NAME = '{}'", kMarkerTable));
  for (const auto& name : names) {
    if (auto marker = read_marker(session, name)) out.emplace(name, std::move(*marker));
  }
  return out;
}

std::vector<std::string> databases_without_markers(Session& session,
                                                   const std::map<std::string, OwnershipMarker>& marked) {
  std::vector<std::string> out;
  for (const auto& name : first_column(session, "SELECT SCHEMA_NAME FROM information_schema.SCHEMATA")) {
    if (!kSystemSchemas.count(name) && !marked.count(name)) out.push_back(name);
  }
  return out;
}

void create_database(Session& session, const std::string& name, const OwnershipMarker& marker,
                     const std::string& charset, const std::string& collation) {
  std::string sql = "CREATE DATABASE " + quote_identifier(name);
  if (!charset.empty()) sql += " CHARACTER SET " + quote_literal(charset);
  if (!collation.empty()) sql += " COLLATE " + quote_literal(collation);
  // Made beside copies and drops, as the copy's own statements are.
  session.execute_retrying_deadlocks(sql);
  // The window between these two statements is why cleanup also looks for
  // unmarked databases that carry the id of a run it knows is gone.
  session.execute_retrying_deadlocks(
      fmt::format("CREATE TABLE {}.{} (marker TEXT NOT NULL) ENGINE=InnoDB", quote_identifier(name), kMarkerTable));
  write_marker(session, name, marker);
}

void write_marker(Session& session, const std::string& name, const OwnershipMarker& marker) {
  const std::string table = quote_identifier(name) + "." + kMarkerTable;
  session.execute("DELETE FROM " + table);
  session.execute("INSERT INTO " + table + " (marker) VALUES (" + quote_literal(marker.encode()) + ")");
}

void drop_database(Session& session, const std::string& name) {
  // A session left open on the database (a killed worker's, not yet noticed
  // by the server) would hold a metadata lock and make DROP wait. Only idle
  // ones: while a session reads information_schema.TRIGGERS the server shows
  // the database whose triggers it is loading as that session's, so a busy
  // session named here may belong to another database altogether.
  const auto ids = first_column(session, "SELECT ID FROM information_schema.PROCESSLIST WHERE DB = " +
                                             quote_literal(name) + " AND COMMAND = 'Sleep' AND ID <> CONNECTION_ID()");
  for (const auto& id : ids) {
    try {
      session.execute("KILL " + std::to_string(std::stoull(id)));
    } catch (const std::exception&) {
      // Gone already, or another account's: DROP below says what blocks it.
    }
  }
  // InnoDB may choose a DROP DATABASE as the victim of a deadlock with DDL
  // beside it (under --isolation test, copies create tables while used
  // clones are dropped).
  session.execute_retrying_deadlocks("DROP DATABASE IF EXISTS " + quote_identifier(name));
}

std::map<std::string, std::string> applied_migrations(Session& session, const std::string& database) {
  std::map<std::string, std::string> out;
  const auto has_table = session.scalar(fmt::format(
      "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = {} AND TABLE_NAME = '{}'",
      quote_literal(database), kMigrationsTable));
  if (!has_table) return out;
  for (const auto& row :
       session.rows(fmt::format("SELECT name, checksum FROM {}.{}", quote_identifier(database), kMigrationsTable))) {
    out[text(row.at(0))] = text(row.at(1));
  }
  return out;
}

std::string schema_digest(Session& session, const std::string& database) {
  const std::string db = quote_literal(database);
  const std::string not_marker = fmt::format("TABLE_NAME <> '{}'", kMarkerTable);
  std::string all;
  all += flatten(session, fmt::format("SELECT TABLE_NAME, TABLE_TYPE, ENGINE, TABLE_COLLATION, CREATE_OPTIONS "
                                      "FROM information_schema.TABLES WHERE TABLE_SCHEMA = {} AND {} ORDER BY 1",
                                      db, not_marker));
  all += flatten(session, fmt::format("SELECT TABLE_NAME, COLUMN_NAME, ORDINAL_POSITION, COLUMN_TYPE, IS_NULLABLE, "
                                      "COLUMN_DEFAULT, EXTRA, GENERATION_EXPRESSION, COLLATION_NAME "
                                      "FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = {} AND {} ORDER BY 1, 3",
                                      db, not_marker));
  all += flatten(session, fmt::format("SELECT TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX, COLUMN_NAME, NON_UNIQUE, "
                                      "INDEX_TYPE FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = {} AND {} "
                                      "ORDER BY 1, 2, 3",
                                      db, not_marker));
  all += flatten(session, fmt::format("SELECT TABLE_NAME, CONSTRAINT_NAME, COLUMN_NAME, ORDINAL_POSITION, "
                                      "REFERENCED_TABLE_NAME, REFERENCED_COLUMN_NAME "
                                      "FROM information_schema.KEY_COLUMN_USAGE WHERE TABLE_SCHEMA = {} "
                                      "ORDER BY 1, 2, 4",
                                      db));
  // What a sequence is made with, not where it stands. Adds nothing for a
  // template without sequences, whose digest stays what it was.
  std::vector<std::string> sequences;
  for (const auto& name : first_column(session, fmt::format("SELECT TABLE_NAME FROM information_schema.TABLES "
                                                            "WHERE TABLE_SCHEMA = {} AND TABLE_TYPE = 'SEQUENCE' "
                                                            "ORDER BY 1",
                                                            db))) {
    sequences.push_back(fmt::format("SELECT {}, minimum_value, maximum_value, start_value, increment, cache_size, "
                                    "cycle_option FROM {}.{}",
                                    quote_literal(name), quote_identifier(database), quote_identifier(name)));
  }
  if (!sequences.empty()) all += flatten(session, join(sequences, " UNION ALL ") + " ORDER BY 1");
  all += flatten(session, fmt::format("SELECT TABLE_NAME, VIEW_DEFINITION FROM information_schema.VIEWS "
                                      "WHERE TABLE_SCHEMA = {} ORDER BY 1",
                                      db));
  all += flatten(session, fmt::format("SELECT ROUTINE_TYPE, ROUTINE_NAME, ROUTINE_DEFINITION, DTD_IDENTIFIER "
                                      "FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = {} ORDER BY 1, 2",
                                      db));
  all += flatten(session, fmt::format("SELECT TRIGGER_NAME, EVENT_MANIPULATION, EVENT_OBJECT_TABLE, ACTION_TIMING, "
                                      "ACTION_STATEMENT FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = {} "
                                      "ORDER BY 1",
                                      db));
  all += flatten(session, fmt::format("SELECT EVENT_NAME, EVENT_DEFINITION, INTERVAL_VALUE, INTERVAL_FIELD, STATUS "
                                      "FROM information_schema.EVENTS WHERE EVENT_SCHEMA = {} ORDER BY 1",
                                      db));
  return sha256_hex(all);
}

Inventory read_inventory(Session& session, const std::string& database, const Inventory* like) {
  const std::string db = quote_literal(database);
  Inventory inventory;
  std::vector<std::string> tables;
  for (const auto& row : session.rows(fmt::format("SELECT TABLE_NAME, TABLE_TYPE FROM information_schema.TABLES "
                                                  "WHERE TABLE_SCHEMA = {} AND TABLE_NAME <> '{}' ORDER BY 1",
                                                  db, kMarkerTable))) {
    const std::string type = text(row.at(1));
    if (type == "VIEW") inventory.views.insert(text(row.at(0)));
    else if (type == "SEQUENCE") inventory.sequences.insert(text(row.at(0)));
    else tables.push_back(text(row.at(0)));
  }
  // One round trip for every table's count.
  std::vector<std::string> counts;
  for (const auto& table : tables) {
    counts.push_back(fmt::format("SELECT {}, COUNT(*) FROM {}.{}", quote_literal(table), quote_identifier(database),
                                 quote_identifier(table)));
  }
  if (!counts.empty()) {
    for (const auto& row : session.rows(join(counts, " UNION ALL "))) {
      inventory.table_rows[text(row.at(0))] = std::stoull(text(row.at(1)));
    }
  }
  if (!like || !like->routines.empty()) {
    for (const auto& row : session.rows("SELECT ROUTINE_TYPE, ROUTINE_NAME FROM information_schema.ROUTINES "
                                        "WHERE ROUTINE_SCHEMA = " + db)) {
      inventory.routines.insert(text(row.at(0)) + " " + text(row.at(1)));
    }
  }
  if (!like || !like->triggers.empty()) {
    for (const auto& name :
         first_column(session, "SELECT TRIGGER_NAME FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = " + db)) {
      inventory.triggers.insert(name);
    }
  }
  if (!like || !like->events.empty()) {
    for (const auto& name :
         first_column(session, "SELECT EVENT_NAME FROM information_schema.EVENTS WHERE EVENT_SCHEMA = " + db)) {
      inventory.events.insert(name);
    }
  }
  return inventory;
}

std::string compare_inventories(const Inventory& original, const Inventory& copy) {
  std::vector<std::string> problems;
  const auto report = [&](const std::string& kind, const std::vector<std::string>& names, const char* how) {
    if (!names.empty()) problems.push_back(fmt::format("{} {}: {}", kind, how, join(names)));
  };
  std::set<std::string> original_tables, copy_tables;
  for (const auto& [name, rows] : original.table_rows) original_tables.insert(name);
  for (const auto& [name, rows] : copy.table_rows) copy_tables.insert(name);
  report("tables", missing(original_tables, copy_tables), "missing");
  report("tables", missing(copy_tables, original_tables), "not in the template");
  for (const auto& [name, rows] : original.table_rows) {
    auto it = copy.table_rows.find(name);
    if (it != copy.table_rows.end() && it->second != rows) {
      problems.push_back(fmt::format("table {} has {} rows, the template {}", name, it->second, rows));
    }
  }
  report("sequences", missing(original.sequences, copy.sequences), "missing");
  report("sequences", missing(copy.sequences, original.sequences), "not in the template");
  report("views", missing(original.views, copy.views), "missing");
  report("views", missing(copy.views, original.views), "not in the template");
  report("routines", missing(original.routines, copy.routines), "missing");
  report("routines", missing(copy.routines, original.routines), "not in the template");
  report("triggers", missing(original.triggers, copy.triggers), "missing");
  report("triggers", missing(copy.triggers, original.triggers), "not in the template");
  report("events", missing(original.events, copy.events), "missing");
  report("events", missing(copy.events, original.events), "not in the template");
  return join(problems, "; ");
}

}  // namespace dbtest::backends::mysql
