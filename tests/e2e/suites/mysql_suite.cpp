// Runs on a MySQL/MariaDB copy made by dbtest from the migrations in
// tests/e2e/migrations/my_objects: the copy against its template, object by
// object and row by row; the objects at work in the copy; isolation between
// workers; rollback between tests. The Sequences suites run on copies of
// tests/e2e/migrations/my_sequences.
//
// What the end-to-end tests pass through the environment:
//   MYSQL_SUITE_DB_PREFIX   the copy's name is PREFIX<run id>_<slot> (default test_app_)
//   MYSQL_SUITE_SOCKET      "1": DBTEST_DATABASE_URL reaches the server over a Unix socket
//   MYSQL_SUITE_MEET_DIR    a folder where suites wait for each other (Copy*, isolation)
//   MYSQL_SUITE_MEET_COUNT  how many suites meet there
//   MYSQL_SUITE_KEEP_ROWS   isolation suites leave their committed rows in place
//   MYSQL_SUITE_PAUSE_MS    isolation suites sleep this long first (to stop the server meanwhile)
//   MYSQL_SUITE_PAUSE_FILE  where they write their pid as they begin to sleep
//   MYSQL_SUITE_CRASH       "1": Crash.CommitsRowsThenDies aborts its worker
// and through `--signal mysql.template=NAME` the template to compare with
// (default: the one dbtest names in the signal dbtest.template).
#include <cppconn/connection.h>
#include <cppconn/exception.h>
#include <cppconn/resultset.h>
#include <cppconn/resultset_metadata.h>
#include <cppconn/statement.h>
#include <dbtest/mysql.hpp>
#include <gmock/gmock.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <unistd.h>

namespace {

using Row = std::vector<std::string>;
using ::testing::HasSubstr;

std::string env(const char* name, const std::string& fallback = "") {
  const char* value = std::getenv(name);
  return value && *value ? value : fallback;
}

// Every row of `sql`, each field as text, NULL as \N.
std::vector<Row> rows(const std::string& sql) {
  std::unique_ptr<sql::Statement> statement(dbtest::mysql().createStatement());
  std::unique_ptr<sql::ResultSet> result(statement->executeQuery(sql));
  const unsigned columns = result->getMetaData()->getColumnCount();
  std::vector<Row> out;
  while (result->next()) {
    Row row;
    for (unsigned i = 1; i <= columns; ++i) row.push_back(result->isNull(i) ? "\\N" : std::string(result->getString(i)));
    out.push_back(std::move(row));
  }
  return out;
}

std::string scalar(const std::string& sql) {
  const auto all = rows(sql);
  if (all.empty() || all[0].empty()) throw std::runtime_error("no row from " + sql);
  return all[0][0];
}

long long count(const std::string& sql) { return std::stoll(scalar(sql)); }

void exec(const std::string& sql) {
  std::unique_ptr<sql::Statement> statement(dbtest::mysql().createStatement());
  statement->execute(sql);
  do {
    std::unique_ptr<sql::ResultSet> ignored(statement->getResultSet());
  } while (statement->getMoreResults());
}

std::string q(const std::string& name) { return "`" + name + "`"; }
std::string lit(const std::string& text) { return "'" + text + "'"; }

std::string copy_name() { return scalar("SELECT DATABASE()"); }

std::string template_name() {
  if (auto given = dbtest::signal("mysql.template")) return *given;
  return dbtest::signal("dbtest.template").value_or("");
}

// `text` without the `db`. qualifying names, so that definitions of copy and
// template compare: SHOW CREATE VIEW leaves out the name of the current
// database (the copy's) and writes any other (the template's).
std::string normalised(std::string text, const std::string& db) {
  const std::string from = q(db) + ".";
  for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at)) text.erase(at, from.size());
  return text;
}

std::vector<Row> normalised(std::vector<Row> all, const std::string& db) {
  for (auto& row : all) {
    for (auto& field : row) field = normalised(field, db);
  }
  return all;
}

// Names of one kind of object in `db`, from an information_schema query
// with {} for the database's name as a literal.
std::vector<std::string> names(const std::string& sql_with_db, const std::string& db) {
  std::string sql = sql_with_db;
  sql.replace(sql.find("{}"), 2, lit(db));
  std::vector<std::string> out;
  for (const auto& row : rows(sql)) out.push_back(row.at(0));
  return out;
}

const char* kTables =
    "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = {} AND TABLE_TYPE = 'BASE TABLE' ORDER BY 1";
const char* kViews =
    "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = {} AND TABLE_TYPE = 'VIEW' ORDER BY 1";
const char* kSequences =
    "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = {} AND TABLE_TYPE = 'SEQUENCE' ORDER BY 1";
const char* kRoutines =
    "SELECT CONCAT(ROUTINE_TYPE, ' ', ROUTINE_NAME) FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = {} ORDER BY 1";
const char* kTriggers = "SELECT TRIGGER_NAME FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = {} ORDER BY 1";
const char* kEvents = "SELECT EVENT_NAME FROM information_schema.EVENTS WHERE EVENT_SCHEMA = {} ORDER BY 1";

// Waits for MYSQL_SUITE_MEET_COUNT suites to arrive in MYSQL_SUITE_MEET_DIR,
// which only suites on different workers, so on different copies, can do.
void meet(const std::string& who) {
  const std::string dir = env("MYSQL_SUITE_MEET_DIR");
  if (dir.empty()) return;
  const auto expected = static_cast<std::size_t>(std::stoi(env("MYSQL_SUITE_MEET_COUNT", "1")));
  std::ofstream(std::filesystem::path(dir) / who) << dbtest::worker_id() << "\n";
  std::size_t arrived = 0;
  for (int i = 0; i < 600; ++i) {
    arrived = static_cast<std::size_t>(
        std::distance(std::filesystem::directory_iterator(dir), std::filesystem::directory_iterator()));
    if (arrived >= expected) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  FAIL() << "only " << arrived << " of " << expected << " suites met in " << dir
         << ": they did not run on workers of their own at the same time";
}

// ---------------------------------------------------------------------------
// The copy against its template.

void tables_are_identical() {
  const std::string copy = copy_name(), tmpl = template_name();
  ASSERT_NE(copy, tmpl);
  const auto tables = names(kTables, tmpl);
  ASSERT_THAT(tables, ::testing::Contains("dbtest_meta"));
  ASSERT_EQ(names(kTables, copy), tables);
  for (const auto& table : tables) {
    // Columns, generated columns, keys, CHECK and FOREIGN KEY constraints,
    // partitions, engine, charset, comment and the next AUTO_INCREMENT value.
    // (A DEFAULT nextval(`db`.`sequence`) names the table's own database.)
    EXPECT_EQ(normalised(rows("SHOW CREATE TABLE " + q(copy) + "." + q(table)), copy),
              normalised(rows("SHOW CREATE TABLE " + q(tmpl) + "." + q(table)), tmpl))
        << "table " << table;
  }
  EXPECT_EQ(normalised(rows("SELECT TABLE_NAME, PARTITION_NAME, PARTITION_ORDINAL_POSITION, PARTITION_METHOD, "
                            "PARTITION_EXPRESSION, PARTITION_DESCRIPTION, TABLE_ROWS FROM information_schema.PARTITIONS "
                            "WHERE TABLE_SCHEMA = " + lit(copy) + " AND PARTITION_NAME IS NOT NULL ORDER BY 1, 3"),
                       copy),
            normalised(rows("SELECT TABLE_NAME, PARTITION_NAME, PARTITION_ORDINAL_POSITION, PARTITION_METHOD, "
                            "PARTITION_EXPRESSION, PARTITION_DESCRIPTION, TABLE_ROWS FROM information_schema.PARTITIONS "
                            "WHERE TABLE_SCHEMA = " + lit(tmpl) + " AND PARTITION_NAME IS NOT NULL ORDER BY 1, 3"),
                       tmpl));
  EXPECT_EQ(rows("SELECT DEFAULT_CHARACTER_SET_NAME, DEFAULT_COLLATION_NAME FROM information_schema.SCHEMATA "
                 "WHERE SCHEMA_NAME = " + lit(copy)),
            rows("SELECT DEFAULT_CHARACTER_SET_NAME, DEFAULT_COLLATION_NAME FROM information_schema.SCHEMATA "
                 "WHERE SCHEMA_NAME = " + lit(tmpl)));
}

// Every column (invisible ones too), every row, in one order.
std::string select_all(const std::string& db, const std::string& source_db, const std::string& table) {
  std::string columns, order;
  int n = 0;
  for (const auto& row : rows("SELECT COLUMN_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = " + lit(source_db) +
                              " AND TABLE_NAME = " + lit(table) + " ORDER BY ORDINAL_POSITION")) {
    columns += (n ? ", " : "") + q(row.at(0));
    order += (n ? ", " : "") + std::to_string(n + 1);
    ++n;
  }
  return "SELECT " + columns + " FROM " + q(db) + "." + q(table) + " ORDER BY " + order;
}

void rows_are_identical() {
  const std::string copy = copy_name(), tmpl = template_name();
  for (const auto& table : names(kTables, tmpl)) {
    if (table == "dbtest_meta") continue;  // the marker: checked in OwnershipMarkersSayWhoMadeThem
    EXPECT_EQ(rows(select_all(copy, tmpl, table)), rows(select_all(tmpl, tmpl, table))) << "table " << table;
    EXPECT_EQ(rows("CHECKSUM TABLE " + q(copy) + "." + q(table) + " EXTENDED").at(0).at(1),
              rows("CHECKSUM TABLE " + q(tmpl) + "." + q(table) + " EXTENDED").at(0).at(1))
        << "table " << table;
  }
  // What the views show, too.
  for (const auto& view : names(kViews, tmpl)) {
    EXPECT_EQ(rows(select_all(copy, tmpl, view)), rows(select_all(tmpl, tmpl, view))) << "view " << view;
  }
}

void code_objects_are_identical() {
  const std::string copy = copy_name(), tmpl = template_name();
  // SHOW CREATE ... and information_schema of both, with the database's name
  // written the same way.
  const auto both = [&](const std::string& sql_with_db) {
    std::string for_copy = sql_with_db, for_tmpl = sql_with_db;
    for (auto at = for_copy.find("{db}"); at != std::string::npos; at = for_copy.find("{db}")) for_copy.replace(at, 4, q(copy));
    for (auto at = for_tmpl.find("{db}"); at != std::string::npos; at = for_tmpl.find("{db}")) for_tmpl.replace(at, 4, q(tmpl));
    for (auto at = for_copy.find("{lit}"); at != std::string::npos; at = for_copy.find("{lit}")) for_copy.replace(at, 5, lit(copy));
    for (auto at = for_tmpl.find("{lit}"); at != std::string::npos; at = for_tmpl.find("{lit}")) for_tmpl.replace(at, 5, lit(tmpl));
    return std::make_pair(normalised(rows(for_copy), copy), normalised(rows(for_tmpl), tmpl));
  };
  const auto expect_same = [&](const std::string& what, const std::string& sql_with_db) {
    const auto [in_copy, in_tmpl] = both(sql_with_db);
    EXPECT_EQ(in_copy, in_tmpl) << what;
  };

  // What each sequence is made with; where it stands is Sequences' to check.
  ASSERT_EQ(names(kSequences, copy), names(kSequences, tmpl));
  for (const auto& sequence : names(kSequences, tmpl)) {
    expect_same("sequence " + sequence, "SHOW CREATE SEQUENCE {db}." + q(sequence));
  }

  ASSERT_EQ(names(kViews, copy), names(kViews, tmpl));
  for (const auto& view : names(kViews, tmpl)) expect_same("view " + view, "SHOW CREATE VIEW {db}." + q(view));
  expect_same("views", "SELECT TABLE_NAME, VIEW_DEFINITION, CHECK_OPTION, IS_UPDATABLE, DEFINER, SECURITY_TYPE, "
                       "CHARACTER_SET_CLIENT, COLLATION_CONNECTION, ALGORITHM FROM information_schema.VIEWS "
                       "WHERE TABLE_SCHEMA = {lit} ORDER BY 1");

  ASSERT_EQ(names(kRoutines, copy), names(kRoutines, tmpl));
  for (const auto& row : rows("SELECT ROUTINE_TYPE, ROUTINE_NAME FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = " +
                              lit(tmpl))) {
    expect_same(row[0] + " " + row[1], "SHOW CREATE " + row[0] + " {db}." + q(row[1]));
  }
  expect_same("routines", "SELECT ROUTINE_TYPE, ROUTINE_NAME, DATA_TYPE, DTD_IDENTIFIER, ROUTINE_BODY, "
                          "ROUTINE_DEFINITION, IS_DETERMINISTIC, SQL_DATA_ACCESS, SECURITY_TYPE, SQL_MODE, "
                          "ROUTINE_COMMENT, DEFINER, CHARACTER_SET_CLIENT, COLLATION_CONNECTION, DATABASE_COLLATION "
                          "FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = {lit} ORDER BY 1, 2");
  expect_same("parameters", "SELECT SPECIFIC_NAME, ORDINAL_POSITION, PARAMETER_MODE, PARAMETER_NAME, DTD_IDENTIFIER "
                            "FROM information_schema.PARAMETERS WHERE SPECIFIC_SCHEMA = {lit} ORDER BY 1, 2");

  ASSERT_EQ(names(kTriggers, copy), names(kTriggers, tmpl));
  for (const auto& trigger : names(kTriggers, tmpl)) {
    // Not the last column: when the trigger was created.
    auto [in_copy, in_tmpl] = both("SHOW CREATE TRIGGER {db}." + q(trigger));
    for (auto* shown : {&in_copy, &in_tmpl}) {
      for (auto& row : *shown) row.resize(6);
    }
    EXPECT_EQ(in_copy, in_tmpl) << "trigger " << trigger;
  }
  expect_same("triggers", "SELECT TRIGGER_NAME, EVENT_MANIPULATION, EVENT_OBJECT_TABLE, ACTION_ORDER, ACTION_STATEMENT, "
                          "ACTION_ORIENTATION, ACTION_TIMING, SQL_MODE, DEFINER, CHARACTER_SET_CLIENT, "
                          "COLLATION_CONNECTION, DATABASE_COLLATION FROM information_schema.TRIGGERS "
                          "WHERE TRIGGER_SCHEMA = {lit} ORDER BY 1");

  ASSERT_EQ(names(kEvents, copy), names(kEvents, tmpl));
  for (const auto& event : names(kEvents, tmpl)) expect_same("event " + event, "SHOW CREATE EVENT {db}." + q(event));
  expect_same("events", "SELECT EVENT_NAME, DEFINER, TIME_ZONE, EVENT_BODY, EVENT_DEFINITION, EVENT_TYPE, EXECUTE_AT, "
                        "INTERVAL_VALUE, INTERVAL_FIELD, SQL_MODE, STARTS, ENDS, STATUS, ON_COMPLETION, EVENT_COMMENT, "
                        "CHARACTER_SET_CLIENT, COLLATION_CONNECTION, DATABASE_COLLATION FROM information_schema.EVENTS "
                        "WHERE EVENT_SCHEMA = {lit} ORDER BY 1");
}

// How many objects of each kind a database holds.
std::map<std::string, long long> kinds(const std::string& db) {
  const std::string d = lit(db);
  std::map<std::string, long long> out;
  const std::pair<const char*, std::string> queries[] = {
      {"tables", "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = " + d + " AND TABLE_TYPE = 'BASE TABLE'"},
      {"sequences", "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = " + d +
                        " AND TABLE_TYPE = 'SEQUENCE'"},
      {"views", "SELECT COUNT(*) FROM information_schema.VIEWS WHERE TABLE_SCHEMA = " + d},
      {"columns", "SELECT COUNT(*) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = " + d},
      {"generated columns", "SELECT COUNT(*) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = " + d +
                                " AND IS_GENERATED = 'ALWAYS'"},
      {"index columns", "SELECT COUNT(*) FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = " + d},
      {"foreign keys", "SELECT COUNT(*) FROM information_schema.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = " + d},
      {"check constraints", "SELECT COUNT(*) FROM information_schema.CHECK_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = " + d},
      {"partitions", "SELECT COUNT(*) FROM information_schema.PARTITIONS WHERE TABLE_SCHEMA = " + d +
                         " AND PARTITION_NAME IS NOT NULL"},
      {"functions", "SELECT COUNT(*) FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = " + d +
                        " AND ROUTINE_TYPE = 'FUNCTION'"},
      {"procedures", "SELECT COUNT(*) FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = " + d +
                         " AND ROUTINE_TYPE = 'PROCEDURE'"},
      {"packages", "SELECT COUNT(*) FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = " + d +
                       " AND ROUTINE_TYPE = 'PACKAGE'"},
      {"package bodies", "SELECT COUNT(*) FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = " + d +
                             " AND ROUTINE_TYPE = 'PACKAGE BODY'"},
      {"triggers", "SELECT COUNT(*) FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = " + d},
      {"events", "SELECT COUNT(*) FROM information_schema.EVENTS WHERE EVENT_SCHEMA = " + d},
  };
  for (const auto& [kind, sql] : queries) out[kind] = count(sql);
  return out;
}

void counts_per_kind_match() { EXPECT_EQ(kinds(copy_name()), kinds(template_name())); }

// What my_objects makes is all there, so that an empty template cannot pass
// the comparisons: 4 tables of its own, dbtest_migrations and dbtest_meta;
// order_totals and big_order_totals; with_tax; add_customer; the audit
// trigger; the event.
void holds_every_kind_of_object() {
  const auto in_copy = kinds(copy_name());
  const std::map<std::string, long long> expected = {
      {"tables", 6}, {"views", 2}, {"generated columns", 2}, {"foreign keys", 1}, {"check constraints", 1},
      {"partitions", 3}, {"functions", 1}, {"procedures", 1}, {"triggers", 1}, {"events", 1}};
  for (const auto& [kind, n] : expected) EXPECT_EQ(in_copy.at(kind), n) << kind;
  // The bytes of the accented, binary and 4-byte UTF-8 values, not what the
  // driver makes of them.
  EXPECT_EQ(rows("SELECT HEX(note), HEX(payload), HEX(label) FROM a_orders WHERE id = 3"),
            (std::vector<Row>{{"636166C3A9205C20276E61C3AF76652720227822", "00FF275C0A", "7A61C5BCC3B3C582C48720F09F8E89"}}));
}

void ownership_markers() {
  const std::string copy = copy_name(), tmpl = template_name();
  const std::string marker = scalar("SELECT GROUP_CONCAT(marker) FROM " + q(copy) + ".dbtest_meta");
  EXPECT_THAT(marker, ::testing::StartsWith("dbtest:{"));
  EXPECT_THAT(marker, HasSubstr("\"kind\":\"clone\""));
  EXPECT_THAT(marker, HasSubstr("\"run\":\"" + dbtest::run_id() + "\""));
  EXPECT_THAT(scalar("SELECT GROUP_CONCAT(marker) FROM " + q(tmpl) + ".dbtest_meta"), HasSubstr("\"kind\":\"template\""));
}

}  // namespace

// Several suites, so that several workers each check a copy of their own:
// they meet first, which they can only do on different workers. All but
// HoldsEveryKindOfObject (my_objects) hold for any schema.
#define COPY_SUITE(Name)                                                   \
  TEST(Name, MeetsTheOtherCopies) {                                        \
    meet(#Name);                                                           \
    dbtest::publish("copy." #Name, copy_name());                           \
  }                                                                        \
  TEST(Name, TablesAreIdentical) { tables_are_identical(); }               \
  TEST(Name, RowsAreIdentical) { rows_are_identical(); }                   \
  TEST(Name, CodeObjectsAreIdentical) { code_objects_are_identical(); }    \
  TEST(Name, CountsPerKindMatch) { counts_per_kind_match(); }              \
  TEST(Name, OwnershipMarkersSayWhoMadeThem) { ownership_markers(); }      \
  TEST(Name, HoldsEveryKindOfObject) { holds_every_kind_of_object(); }

COPY_SUITE(CopyA)
COPY_SUITE(CopyB)
COPY_SUITE(CopyC)

// ---------------------------------------------------------------------------
// The objects at work in the copy. One suite, one copy: the tests run in this
// order, and the first insert into z_customers of the copy is this one.

class Objects : public dbtest::TransactionalTest {};

TEST_F(Objects, NextCustomerIdCarriesOnAfterTheDeletedOne) {
  exec("INSERT INTO z_customers (name) VALUES ('hopper')");
  EXPECT_EQ(scalar("SELECT LAST_INSERT_ID()"), "1003");
}

TEST_F(Objects, GeneratedColumnsAreComputed) {
  EXPECT_EQ(rows("SELECT id, total, note_length FROM a_orders ORDER BY id"),
            (std::vector<Row>{{"1", "19.00", "23"}, {"2", "100.00", "\\N"}, {"3", "3.00", "18"}}));
  exec("INSERT INTO a_orders (customer_id, quantity, unit_price, note) VALUES (1001, 3, 2.50, 'abc')");
  EXPECT_EQ(rows("SELECT total, note_length FROM a_orders WHERE id = LAST_INSERT_ID()"), (std::vector<Row>{{"7.50", "3"}}));
  EXPECT_EQ(count("SELECT COUNT(*) FROM a_orders WHERE total <> quantity * unit_price"), 0);
}

TEST_F(Objects, PartitionsArePresent) {
  EXPECT_EQ(rows("SELECT PARTITION_NAME, TABLE_ROWS FROM information_schema.PARTITIONS WHERE TABLE_SCHEMA = DATABASE() "
                 "AND TABLE_NAME = 'measurements' ORDER BY PARTITION_ORDINAL_POSITION"),
            (std::vector<Row>{{"p2023", "1"}, {"p2024", "1"}, {"pmax", "1"}}));
  EXPECT_EQ(scalar("SELECT value FROM measurements PARTITION (p2024)"), "2");
  exec("INSERT INTO measurements VALUES ('2023-12-31', 4)");
  EXPECT_EQ(count("SELECT COUNT(*) FROM measurements PARTITION (p2023)"), 2);
}

TEST_F(Objects, ViewOnAViewCallsTheFunction) {
  EXPECT_EQ(rows("SELECT id, name, gross FROM big_order_totals ORDER BY id"),
            (std::vector<Row>{{"1", "ada", "23.75"}, {"2", "grace", "125.00"}}));
  EXPECT_EQ(count("SELECT COUNT(*) FROM big_order_totals b JOIN order_totals o ON o.id = b.id "
                  "WHERE b.gross <> o.total * 1.25"),
            0);
  EXPECT_EQ(scalar("SELECT with_tax(4.00)"), "5.00");
}

TEST_F(Objects, InsertingAnOrderFiresTheAuditTrigger) {
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log"), 0);
  exec("INSERT INTO a_orders (customer_id, quantity, unit_price) VALUES (1000, 4, 1.50)");
  const std::string id = scalar("SELECT LAST_INSERT_ID()");
  EXPECT_EQ(rows("SELECT message FROM audit_log"), (std::vector<Row>{{"order " + id + "; total 6.00"}}));
}

TEST_F(Objects, ProcedureAddsACustomer) {
  exec("CALL add_customer('barbara', @new_id)");
  const std::string id = scalar("SELECT @new_id");
  EXPECT_GT(std::stoll(id), 1002);
  EXPECT_EQ(scalar("SELECT name FROM z_customers WHERE id = " + id), "barbara");
}

TEST_F(Objects, ForeignKeyIsEnforced) {
  try {
    exec("INSERT INTO a_orders (customer_id, quantity, unit_price) VALUES (1, 1, 1.00)");
    ADD_FAILURE() << "an order for customer 1, who does not exist, was accepted";
  } catch (const sql::SQLException& e) {
    EXPECT_EQ(e.getErrorCode(), 1452) << e.what();  // ER_NO_REFERENCED_ROW_2
  }
  EXPECT_EQ(count("SELECT @@foreign_key_checks"), 1);
}

TEST_F(Objects, CheckConstraintIsEnforced) {
  EXPECT_THROW(exec("INSERT INTO a_orders (customer_id, quantity, unit_price) VALUES (1000, 0, 1.00)"), sql::SQLException);
}

TEST_F(Objects, TheEventExistsDisabled) {
  EXPECT_EQ(rows("SELECT EVENT_NAME, STATUS, INTERVAL_VALUE, INTERVAL_FIELD, EVENT_DEFINITION FROM information_schema.EVENTS "
                 "WHERE EVENT_SCHEMA = DATABASE()"),
            (std::vector<Row>{{"nightly_cleanup", "DISABLED", "1", "DAY", "DELETE FROM audit_log WHERE id < 0"}}));
}

TEST_F(Objects, MigrationsAreRecorded) {
  EXPECT_EQ(rows("SELECT name FROM dbtest_migrations ORDER BY name"),
            (std::vector<Row>{{"0001_tables.sql"}, {"0002_data.sql"}, {"0003_code.sql"}}));
}

// ---------------------------------------------------------------------------
// Sequences and packages (my_sequences), on several workers at once: each
// copy continues every sequence from where the template stood, so each gives
// the same values.

namespace {

void sequences_continue_where_the_template_stood() {
  const auto in_copy = kinds(copy_name());
  EXPECT_EQ(in_copy.at("sequences"), 5);
  EXPECT_EQ(in_copy.at("packages"), 1);
  EXPECT_EQ(in_copy.at("package bodies"), 1);
  // The template took 100 and 110 and holds 900 more in its cache.
  EXPECT_EQ(scalar("SELECT NEXTVAL(ticket_numbers)"), "120");
  exec("INSERT INTO tickets (title) VALUES ('third')");
  EXPECT_EQ(scalar("SELECT number FROM tickets WHERE title = 'third'"), "130");
  EXPECT_EQ(scalar("SELECT NEXTVAL(invoice_numbers)"), "4");
  EXPECT_EQ(scalar("SELECT NEXTVAL(countdown)"), "8");  // behind its start of 10
  EXPECT_EQ(scalar("SELECT NEXTVAL(untouched)"), "500");
  try {
    scalar("SELECT NEXTVAL(two_only)");
    ADD_FAILURE() << "two_only, which ran out in the template, gave a value";
  } catch (const sql::SQLException& e) {
    EXPECT_EQ(e.getErrorCode(), 4084) << e.what();  // ER_SEQUENCE_RUN_OUT
  }
}

void package_works() {
  // MariaDB 10.11 finds a package's routines by package.routine only under
  // sql_mode=ORACLE.
  exec("SET SESSION sql_mode = ORACLE");
  EXPECT_EQ(scalar("SELECT tickets_api.label(7) FROM DUAL"), "T-7");
  EXPECT_EQ(scalar("SELECT tickets_api.next_invoice() FROM DUAL"), "INV-5");
  // The body's state, per session. Within one statement only: MariaDB
  // empties every session's routine cache, and with it the body's state,
  // when a routine is created anywhere on the server, as the other copies
  // and the pool's filler do while tests run.
  EXPECT_EQ(scalar("SELECT tickets_api.calls() || ',' || tickets_api.calls() FROM DUAL"), "1,2");
  exec("SET SESSION sql_mode = DEFAULT");
}

}  // namespace

#define SEQUENCE_SUITE(Name)                                                                         \
  TEST(Name, MeetsTheOtherCopies) {                                                                 \
    meet(#Name);                                                                                    \
    dbtest::publish("copy." #Name, copy_name());                                                    \
  }                                                                                                 \
  TEST(Name, ContinuesTheTemplatesSequences) { sequences_continue_where_the_template_stood(); }    \
  TEST(Name, CallsThePackage) { package_works(); }

SEQUENCE_SUITE(SequencesA)
SEQUENCE_SUITE(SequencesB)
SEQUENCE_SUITE(SequencesC)

// ---------------------------------------------------------------------------
// What the worker is told.

TEST(Env, DatabaseUrlNamesThisWorkersCopy) {
  const std::string url = env("DBTEST_DATABASE_URL");
  EXPECT_EQ(url, dbtest::database_url());
  const std::string expected = env("MYSQL_SUITE_DB_PREFIX", "test_app_") + dbtest::run_id() + "_" +
                               std::to_string(dbtest::worker_id());
  const std::string path = url.substr(0, url.find('?'));
  EXPECT_EQ(path.substr(path.rfind('/') + 1), expected);
  EXPECT_EQ(copy_name(), expected);
  EXPECT_THAT(url, ::testing::StartsWith("mysql://"));
  if (env("MYSQL_SUITE_SOCKET") == "1") {
    // (The URL is not printed: it holds the password.)
    EXPECT_NE(url.find("?socket="), std::string::npos);
    EXPECT_EQ(scalar("SELECT @@socket <> '' AND USER() LIKE '%@localhost'"), "1") << scalar("SELECT USER()");
  }
  EXPECT_EQ(env("DBTEST_BACKEND"), "mysql");
  EXPECT_EQ(dbtest::backend(), "mysql");
  dbtest::publish("copy.Env", copy_name());
}

// ---------------------------------------------------------------------------
// Isolation: each suite commits rows and counts what the table holds.

namespace {

void insert_and_count(const std::string& owner) {
  if (const char* pause = std::getenv("MYSQL_SUITE_PAUSE_MS")) {
    // Connected, and about to sleep: the moment the test waits for.
    copy_name();
    if (const char* file = std::getenv("MYSQL_SUITE_PAUSE_FILE")) std::ofstream(file) << ::getpid() << std::endl;
    std::this_thread::sleep_for(std::chrono::milliseconds(std::atoi(pause)));
  }
  dbtest::publish("copy." + owner, copy_name());
  const long long before = count("SELECT COUNT(*) FROM audit_log");
  for (int i = 0; i < 5; ++i) exec("INSERT INTO audit_log (message) VALUES ('" + owner + "')");  // autocommit: committed
  // Everyone has committed their rows before anyone counts.
  meet(owner);
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log"), before + 5);
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE message <> '" + owner + "'"), 0)
      << "rows of another suite are visible";
  if (env("MYSQL_SUITE_KEEP_ROWS").empty()) exec("DELETE FROM audit_log WHERE message = '" + owner + "'");
}

}  // namespace

#define ISOLATION_SUITE(Name) \
  TEST(Name, SeesOnlyItsOwnRows) { insert_and_count(#Name); }

ISOLATION_SUITE(Apples)
ISOLATION_SUITE(Pears)
ISOLATION_SUITE(Plums)
ISOLATION_SUITE(Cherries)

// ---------------------------------------------------------------------------
// TransactionalTest rolls back between tests of one worker.

class Rollback : public dbtest::TransactionalTest {};
TEST_F(Rollback, InsertIsVisibleInsideTheTest) {
  exec("INSERT INTO audit_log (message) VALUES ('temporary')");
  exec("UPDATE z_customers SET name = 'ada lovelace' WHERE id = 1000");
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE message = 'temporary'"), 1);
}
TEST_F(Rollback, InsertOfTheEarlierTestWasRolledBack) {
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE message = 'temporary'"), 0);
  EXPECT_EQ(scalar("SELECT name FROM z_customers WHERE id = 1000"), "ada");
}

// ---------------------------------------------------------------------------
// A worker that crashes gets a fresh copy for the tests after.

TEST(Crash, CommitsRowsThenDies) {
  exec("INSERT INTO audit_log (message) VALUES ('before the crash')");
  dbtest::publish("copy.crashed", copy_name());
  if (env("MYSQL_SUITE_CRASH") == "1") std::abort();
}

TEST(Crash, RunsOnAFreshCopy) {
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE message = 'before the crash'"), 0)
      << "the rows of the crashed worker's copy are visible";
  dbtest::publish("copy.fresh", copy_name());
}
