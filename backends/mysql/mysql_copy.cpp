#include "mysql_copy.hpp"

#include <cppconn/exception.h>
#include <fmt/format.h>

#include <cctype>
#include <exception>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "base/errors.hpp"
#include "mysql_catalog.hpp"

namespace dbtest::backends::mysql {
namespace {

std::string text(const std::optional<std::string>& value) { return value.value_or(""); }

std::string lower(std::string word) {
  for (auto& c : word) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return word;
}

// The CREATE statement from a SHOW CREATE row; NULL when the account may not
// read the object's body.
std::string definition(const Row& row, std::size_t column, const std::string& what) {
  if (column >= row.size() || !row[column]) {
    throw UsageError("cannot read the definition of " + what +
                     ": the account needs the privileges to see it (SHOW VIEW, or owning the routine)");
  }
  return *row[column];
}

// Statements in error messages are cut to what a person reads on one line.
std::string shortened(const std::string& sql) {
  std::string flat = sql.substr(0, 160);
  for (auto& c : flat) {
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  }
  return sql.size() > 160 ? flat + "..." : flat;
}

// Runs one statement of a copy; a refusal names the statement. Copies are
// made beside other copies and drops (under --isolation test, all the
// time), so a statement chosen as a deadlock's victim is tried again.
void run(Session& session, const std::string& target, const std::string& what, const std::string& sql) {
  try {
    with_mysql_errors(what + " in " + target, [&] { session.execute_retrying_deadlocks(sql); });
  } catch (const UsageError& e) {
    throw UsageError(std::string(e.what()) + " (statement: " + shortened(sql) + ")");
  }
}

// Views that read other views come after them; a view's CREATE statement
// names what it reads in backticks.
std::vector<ObjectDefinition> in_dependency_order(std::vector<ObjectDefinition> views) {
  std::vector<ObjectDefinition> ordered;
  while (!views.empty()) {
    bool progressed = false;
    for (auto it = views.begin(); it != views.end();) {
      bool ready = true;
      for (const auto& other : views) {
        if (other.name != it->name && it->create_sql.find(quote_identifier(other.name)) != std::string::npos) {
          ready = false;
          break;
        }
      }
      if (ready) {
        ordered.push_back(std::move(*it));
        it = views.erase(it);
        progressed = true;
      } else {
        ++it;
      }
    }
    // Only a name that merely looks like a reference can form a cycle:
    // keep the rest in name order.
    if (!progressed) {
      for (auto& view : views) ordered.push_back(std::move(view));
      views.clear();
    }
  }
  return ordered;
}

// ER_SEQUENCE_RUN_OUT: NEXTVAL of a sequence past its last value.
constexpr int kSequenceRunOut = 4084;

// As a dump restores: foreign keys are checked by the template already, and
// a 0 in an AUTO_INCREMENT column is a value, not "next". Also the mode that
// views are made under: SHOW CREATE VIEW printed them for a default session.
constexpr const char* kCopySqlMode = "NO_AUTO_VALUE_ON_ZERO";

void prepare_copy_session(Session& session) {
  session.execute(std::string("SET SESSION foreign_key_checks = 0, unique_checks = 0, sql_mode = '") + kCopySqlMode +
                  "'");
}

void copy_tables(const MysqlServer& server, const CopyRecipe& recipe, const std::string& target,
                 const std::vector<const ObjectDefinition*>& tables) {
  auto session = connect_mysql(server, target);
  with_mysql_errors("preparing a copy session for " + target, [&] { prepare_copy_session(*session); });
  for (const auto* table : tables) {
    run(*session, target, "creating table " + table->name, retarget(table->create_sql, recipe.source, target));
    if (table->data_columns.empty()) continue;
    run(*session, target, "copying the rows of table " + table->name,
        fmt::format("INSERT INTO {0}.{1} ({2}) SELECT {2} FROM {3}.{1}", quote_identifier(target),
                    quote_identifier(table->name), table->data_columns, quote_identifier(recipe.source)));
  }
}

void create_object(Session& session, const std::string& target, const std::string& source,
                   const ObjectDefinition& object) {
  const std::string what = "creating " + lower(object.kind) + " " + object.name;
  // Each object under its own mode; one that has none must not inherit the
  // mode of the routine made before it.
  run(session, target, what,
      "SET SESSION sql_mode = " + quote_literal(object.sql_mode.empty() ? kCopySqlMode : object.sql_mode));
  if (!object.time_zone.empty()) run(session, target, what, "SET SESSION time_zone = " + quote_literal(object.time_zone));
  run(session, target, what, retarget(object.create_sql, source, target));
}

void create_objects(Session& session, const std::string& target, const std::string& source,
                    const std::vector<ObjectDefinition>& objects) {
  for (const auto& object : objects) create_object(session, target, source, object);
}

// Before the tables: a column's DEFAULT NEXTVAL(s) needs s to exist.
void create_sequences(Session& session, const std::string& target, const std::string& source,
                      const std::vector<SequenceDefinition>& sequences) {
  for (const auto& sequence : sequences) {
    run(session, target, "creating sequence " + sequence.name, retarget(sequence.create_sql, source, target));
    for (const auto& sql : sequence_position(sequence)) {
      run(session, target, "setting the position of sequence " + sequence.name, sql);
    }
  }
}

// Where the template's sequence `name` stands. NEXTVAL answers from a cache
// shared by every session, which the table behind the sequence does not
// show: take the next value, then set the template back to it.
SequenceDefinition read_sequence(Session& session, const std::string& name) {
  const std::string quoted = quote_identifier(name);
  const auto shown = session.rows("SHOW CREATE SEQUENCE " + quoted);
  SequenceDefinition sequence{name, definition(shown.at(0), 1, "sequence " + name), "", false};
  try {
    sequence.next_value = text(session.scalar("SELECT NEXTVAL(" + quoted + ")"));
  } catch (const sql::SQLException& e) {
    if (e.getErrorCode() != kSequenceRunOut) throw;
    sequence.run_out = true;
    sequence.next_value =
        text(session.scalar("SELECT IF(increment > 0, maximum_value, minimum_value) FROM " + quoted));
    return sequence;
  }
  session.execute("ALTER SEQUENCE " + quoted + " RESTART WITH " + sequence.next_value);
  return sequence;
}

// The dependency order of views is read from their text, which a column that
// shares a view's name can mislead: a view that finds what it reads missing
// (ER_NO_SUCH_TABLE, ER_VIEW_INVALID) waits for the next round, and a round
// that makes no view at all is the real error.
void create_views(Session& session, const std::string& target, const std::string& source,
                  const std::vector<ObjectDefinition>& views) {
  std::vector<const ObjectDefinition*> pending;
  for (const auto& view : views) pending.push_back(&view);
  while (!pending.empty()) {
    std::vector<const ObjectDefinition*> later;
    for (const auto* view : pending) {
      try {
        session.execute("SET SESSION sql_mode = '" + std::string(kCopySqlMode) + "'");
        session.execute(retarget(view->create_sql, source, target));
      } catch (const sql::SQLException& e) {
        if (e.getErrorCode() == 1146 || e.getErrorCode() == 1356) {
          later.push_back(view);
          continue;
        }
        create_object(session, target, source, *view);  // throws again, with the whole message
      }
    }
    if (later.size() == pending.size()) {
      // Nothing could be made this round: the first one's error is the answer.
      create_object(session, target, source, *later.front());
      later.erase(later.begin());
    }
    pending = std::move(later);
  }
}

}  // namespace

std::vector<std::string> sequence_position(const SequenceDefinition& sequence) {
  const std::string quoted = quote_identifier(sequence.name);
  std::vector<std::string> out = {"ALTER SEQUENCE " + quoted + " RESTART WITH " + sequence.next_value};
  if (sequence.run_out) out.push_back("DO NEXTVAL(" + quoted + ")");
  return out;
}

std::string retarget(const std::string& sql, const std::string& from, const std::string& to) {
  std::string out = sql;
  // SHOW CREATE puts the clause before the object's name, as DEFINER=`user`@`host`.
  const auto start = out.find("DEFINER=");
  const auto name_start = out.find_first_of("`'\"", start);
  if (start != std::string::npos && name_start == start + 8) {
    std::size_t end = start + 8;
    for (int part = 0; part < 2 && end < out.size(); ++part) {
      const char quote = out[end];
      if (quote != '`' && quote != '\'' && quote != '"') break;
      std::size_t close = end + 1;
      while (close < out.size()) {
        if (out[close] == quote && close + 1 < out.size() && out[close + 1] == quote) close += 2;
        else if (out[close] == quote) break;
        else ++close;
      }
      end = close + 1;
      if (part == 0 && end < out.size() && out[end] == '@') ++end;
      else break;
    }
    while (end < out.size() && out[end] == ' ') ++end;
    out.erase(start, end - start);
  }
  const std::string qualified_from = quote_identifier(from) + ".";
  const std::string qualified_to = quote_identifier(to) + ".";
  for (auto at = out.find(qualified_from); at != std::string::npos; at = out.find(qualified_from, at)) {
    out.replace(at, qualified_from.size(), qualified_to);
    at += qualified_to.size();
  }
  return out;
}

CopyRecipe read_recipe(Session& session, const std::string& database) {
  CopyRecipe recipe;
  recipe.source = database;
  const std::string db = quote_literal(database);
  // Unqualified names in what SHOW CREATE prints are then the template's own.
  session.execute("USE " + quote_identifier(database));
  const auto schema = session.rows(
      "SELECT DEFAULT_CHARACTER_SET_NAME, DEFAULT_COLLATION_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = " +
      db);
  if (schema.empty()) throw UsageError("database " + database + " does not exist");
  recipe.charset = text(schema[0].at(0));
  recipe.collation = text(schema[0].at(1));

  std::map<std::string, std::string> data_columns;
  for (const auto& row : session.rows("SELECT TABLE_NAME, COLUMN_NAME FROM information_schema.COLUMNS "
                                      "WHERE TABLE_SCHEMA = " + db + " AND COALESCE(GENERATION_EXPRESSION, '') = '' "
                                      "ORDER BY TABLE_NAME, ORDINAL_POSITION")) {
    auto& columns = data_columns[text(row.at(0))];
    columns += (columns.empty() ? "" : ", ") + quote_identifier(text(row.at(1)));
  }

  std::vector<ObjectDefinition> views;
  for (const auto& row : session.rows(fmt::format("SELECT TABLE_NAME, TABLE_TYPE FROM information_schema.TABLES "
                                                  "WHERE TABLE_SCHEMA = {} AND TABLE_NAME <> '{}' ORDER BY 1",
                                                  db, kMarkerTable))) {
    const std::string name = text(row.at(0));
    const std::string type = text(row.at(1));
    // A sequence is a table too, of one row that is its state, not data.
    if (type == "SEQUENCE") {
      recipe.sequences.push_back(read_sequence(session, name));
      continue;
    }
    if (type == "VIEW") {
      const auto shown = session.rows("SHOW CREATE VIEW " + quote_identifier(name));
      views.push_back({"VIEW", name, definition(shown.at(0), 1, "view " + name), "", "", ""});
      continue;
    }
    const auto shown = session.rows("SHOW CREATE TABLE " + quote_identifier(name));
    recipe.tables.push_back({"TABLE", name, definition(shown.at(0), 1, "table " + name), "", "", data_columns[name]});
  }
  recipe.views = in_dependency_order(std::move(views));

  // A package body can only be made once its package exists: in this order
  // ("PACKAGE" sorts before "PACKAGE BODY") every package comes before every
  // body. A routine may call any other: they are looked up when they run.
  for (const auto& row : session.rows("SELECT ROUTINE_TYPE, ROUTINE_NAME FROM information_schema.ROUTINES "
                                      "WHERE ROUTINE_SCHEMA = " + db + " ORDER BY 1, 2")) {
    const std::string kind = text(row.at(0));
    const std::string name = text(row.at(1));
    if (kind != "PROCEDURE" && kind != "FUNCTION" && kind != "PACKAGE" && kind != "PACKAGE BODY") {
      throw UsageError(lower(kind) + " " + name + " in " + database +
                       ": dbtest copies procedures, functions and packages only");
    }
    const auto shown = session.rows("SHOW CREATE " + kind + " " + quote_identifier(name));
    recipe.routines.push_back(
        {kind, name, definition(shown.at(0), 2, lower(kind) + " " + name), text(shown.at(0).at(1)), "", ""});
  }
  // Triggers on one table and event fire in the order they were made.
  for (const auto& row : session.rows("SELECT TRIGGER_NAME FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = " +
                                      db + " ORDER BY EVENT_OBJECT_TABLE, ACTION_TIMING, EVENT_MANIPULATION, "
                                           "ACTION_ORDER")) {
    const std::string name = text(row.at(0));
    const auto shown = session.rows("SHOW CREATE TRIGGER " + quote_identifier(name));
    recipe.triggers.push_back(
        {"TRIGGER", name, definition(shown.at(0), 2, "trigger " + name), text(shown.at(0).at(1)), "", ""});
  }
  for (const auto& row :
       session.rows("SELECT EVENT_NAME FROM information_schema.EVENTS WHERE EVENT_SCHEMA = " + db + " ORDER BY 1")) {
    const std::string name = text(row.at(0));
    const auto shown = session.rows("SHOW CREATE EVENT " + quote_identifier(name));
    recipe.events.push_back({"EVENT", name, definition(shown.at(0), 3, "event " + name), text(shown.at(0).at(1)),
                             text(shown.at(0).at(2)), ""});
  }
  return recipe;
}

void copy_database(const MysqlServer& server, const CopyRecipe& recipe, const std::string& target,
                   const OwnershipMarker& marker, int connections) {
  auto session = connect_mysql(server, "");
  with_mysql_errors("creating database " + target, [&] {
    create_database(*session, target, marker, recipe.charset, recipe.collation);
    session->execute("USE " + quote_identifier(target));
    prepare_copy_session(*session);
  });
  create_sequences(*session, target, recipe.source, recipe.sequences);

  // Tables are independent once foreign keys go unchecked: deal them out
  // round robin to connections of their own.
  const std::size_t lanes =
      std::max<std::size_t>(1, std::min<std::size_t>(static_cast<std::size_t>(connections), recipe.tables.size()));
  std::vector<std::vector<const ObjectDefinition*>> shares(lanes);
  for (std::size_t i = 0; i < recipe.tables.size(); ++i) shares[i % lanes].push_back(&recipe.tables[i]);
  std::vector<std::exception_ptr> failures(lanes);
  std::vector<std::thread> threads;
  for (std::size_t lane = 1; lane < lanes; ++lane) {
    threads.emplace_back([&, lane] {
      ThreadScope thread;
      try {
        copy_tables(server, recipe, target, shares[lane]);
      } catch (...) {
        failures[lane] = std::current_exception();
      }
    });
  }
  try {
    copy_tables(server, recipe, target, shares[0]);
  } catch (...) {
    failures[0] = std::current_exception();
  }
  for (auto& thread : threads) thread.join();
  for (const auto& failure : failures) {
    if (failure) std::rethrow_exception(failure);
  }

  // Routines and packages before views (a view may call a function),
  // triggers after the rows (they must not fire for copied rows), events last.
  create_objects(*session, target, recipe.source, recipe.routines);
  create_views(*session, target, recipe.source, recipe.views);
  create_objects(*session, target, recipe.source, recipe.triggers);
  create_objects(*session, target, recipe.source, recipe.events);
}

}  // namespace dbtest::backends::mysql
