// Everything the suites need that differs per engine lives in this file, so
// that the tests themselves read the same on SQLite, PostgreSQL and MySQL.
#include "shop_fixture.hpp"

#include <cppconn/connection.h>
#include <mysql_driver.h>
#include <pqxx/pqxx>
#include <sqlite3.h>

#include <algorithm>
#include <map>
#include <stdexcept>

namespace shop_test {

namespace {

class SqliteSecondConnection final : public SecondConnection {
 public:
  explicit SqliteSecondConnection(sqlite3* handle) : handle_(handle) {
    db_ = std::make_unique<shop::SqliteDatabase>(handle);
  }
  ~SqliteSecondConnection() override {
    db_.reset();
    sqlite3_close(handle_);
  }

 private:
  sqlite3* handle_;
};

class PostgresSecondConnection final : public SecondConnection {
 public:
  PostgresSecondConnection() : connection_(dbtest::database_url()) {
    db_ = std::make_unique<shop::PostgresDatabase>(connection_);
  }
  ~PostgresSecondConnection() override { db_.reset(); }

 private:
  pqxx::connection connection_;
};

class MysqlSecondConnection final : public SecondConnection {
 public:
  explicit MysqlSecondConnection(std::unique_ptr<sql::Connection> connection)
      : connection_(std::move(connection)) {
    db_ = std::make_unique<shop::MysqlDatabase>(*connection_);
  }
  ~MysqlSecondConnection() override { db_.reset(); }

 private:
  std::unique_ptr<sql::Connection> connection_;
};

std::string percent_decoded(const std::string& text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size()) {
      out += static_cast<char>(std::stoi(text.substr(i + 1, 2), nullptr, 16));
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

// Connector/C++ 1.1 takes no URL, so the worker's
// mysql://user:password@host:port/database[?socket=/path] is taken apart here.
std::unique_ptr<sql::Connection> connect_mysql(const std::string& url) {
  const std::string scheme = "mysql://";
  if (url.rfind(scheme, 0) != 0) throw std::runtime_error("not a mysql:// URL");
  std::string rest = url.substr(scheme.size());
  std::string query;
  if (auto q = rest.find('?'); q != std::string::npos) {
    query = rest.substr(q + 1);
    rest.resize(q);
  }
  std::string userinfo;
  if (auto at = rest.rfind('@'); at != std::string::npos) {
    userinfo = rest.substr(0, at);
    rest = rest.substr(at + 1);
  }
  std::string database;
  if (auto slash = rest.find('/'); slash != std::string::npos) {
    database = percent_decoded(rest.substr(slash + 1));
    rest.resize(slash);
  }
  const auto colon = userinfo.find(':');
  sql::ConnectOptionsMap options;
  options["userName"] = sql::SQLString(percent_decoded(userinfo.substr(0, colon)));
  options["password"] = sql::SQLString(
      colon == std::string::npos ? std::string() : percent_decoded(userinfo.substr(colon + 1)));
  options["schema"] = sql::SQLString(database);
  options["OPT_CHARSET_NAME"] = sql::SQLString("utf8mb4");
  std::string host = rest.empty() ? "localhost" : rest;
  // A port after the host, which may be an IPv6 address in brackets.
  const auto bracket = host.rfind(']');
  if (host.find(':', bracket == std::string::npos ? 0 : bracket) == std::string::npos) {
    host += ":3306";
  }
  options["hostName"] = sql::SQLString("tcp://" + host);
  for (std::size_t start = 0; start < query.size();) {
    const std::size_t end = std::min(query.find('&', start), query.size());
    const std::string pair = query.substr(start, end - start);
    if (pair.rfind("socket=", 0) == 0) {
      options["hostName"] = sql::SQLString("unix://" + percent_decoded(pair.substr(7)));
    }
    start = end + 1;
  }
  return std::unique_ptr<sql::Connection>(
      sql::mysql::get_mysql_driver_instance()->connect(options));
}

}  // namespace

std::unique_ptr<shop::Database> worker_database() {
  const std::string backend = dbtest::backend();
  if (backend == "postgresql") return std::make_unique<shop::PostgresDatabase>(dbtest::postgres());
  if (backend == "mysql") return std::make_unique<shop::MysqlDatabase>(dbtest::mysql());
  if (backend == "sqlite") {
    auto db = std::make_unique<shop::SqliteDatabase>(dbtest::sqlite());
    // The module relies on ON DELETE CASCADE and on foreign keys refusing
    // dangling rows (PostgreSQL and InnoDB always enforce them).
    db->execute("PRAGMA foreign_keys = ON");
    return db;
  }
  throw std::runtime_error("the shop suite runs on sqlite, postgresql or mysql, not on " + backend);
}

std::unique_ptr<SecondConnection> open_second_connection() {
  const std::string backend = dbtest::backend();
  if (backend == "postgresql") return std::make_unique<PostgresSecondConnection>();
  if (backend == "mysql") {
    return std::make_unique<MysqlSecondConnection>(connect_mysql(dbtest::database_url()));
  }
  const char* file = sqlite3_db_filename(dbtest::sqlite(), "main");
  if (file == nullptr || *file == '\0') return nullptr;
  sqlite3* other = nullptr;
  const int rc = sqlite3_open_v2(file, &other, SQLITE_OPEN_READONLY, nullptr);
  if (rc != SQLITE_OK) {
    sqlite3_close(other);
    throw std::runtime_error(std::string("cannot open ") + file + " a second time");
  }
  sqlite3_busy_timeout(other, 5000);
  return std::make_unique<SqliteSecondConnection>(other);
}

void exec(shop::Database& db, const std::string& sql) {
  shop::Savepoint statement(db, "shop_test_statement");
  db.execute(sql);
  statement.release();
}

std::int64_t scalar(shop::Database& db, const std::string& sql) {
  auto value = db.query_int64(sql);
  if (!value) throw std::runtime_error("no value from: " + sql);
  return *value;
}

std::int64_t count_rows(shop::Database& db, const std::string& table) {
  return scalar(db, "SELECT count(*) FROM " + table);
}

void restart_ids(shop::Database& db) {
  switch (db.engine()) {
    case shop::Engine::sqlite:
      return;
    case shop::Engine::postgresql:
      // Every identity column of the shop's schema; setval() is not undone
      // by a rollback, so it works inside or outside the test's transaction.
      db.execute(R"sql(
DO $$
DECLARE
  col record;
BEGIN
  FOR col IN
    SELECT c.relname AS table_name, a.attname AS column_name
    FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
    WHERE a.attidentity <> '' AND c.relkind = 'r'
      AND c.relnamespace = current_schema()::regnamespace
  LOOP
    EXECUTE format('SELECT setval(pg_get_serial_sequence(%L, %L), '
                   '              coalesce(max(%I), 0) + 1, false) FROM %I',
                   quote_ident(col.table_name), col.column_name,
                   col.column_name, col.table_name);
  END LOOP;
END
$$)sql");
      return;
    case shop::Engine::mysql: {
      if (db.in_transaction()) {
        throw std::logic_error("restart_ids() on MySQL would commit the open transaction");
      }
      // Each table's counter against max(id) + 1, in two queries, and an
      // ALTER only for the tables where they differ: most tests insert
      // nothing, and an ALTER writes the table's definition out again (a
      // couple of milliseconds each, which for every table before every test
      // was most of the suite's time). MariaDB's information_schema shows the
      // live counter; MySQL 8 would show a cached one
      // (information_schema_stats_expiry).
      shop::Rows counters = db.query(
          "SELECT t.TABLE_NAME, c.COLUMN_NAME, t.AUTO_INCREMENT "
          "FROM information_schema.TABLES t JOIN information_schema.COLUMNS c "
          "  ON c.TABLE_SCHEMA = t.TABLE_SCHEMA AND c.TABLE_NAME = t.TABLE_NAME "
          "WHERE t.TABLE_SCHEMA = DATABASE() AND t.TABLE_TYPE = 'BASE TABLE' "
          "  AND c.EXTRA LIKE '%auto_increment%' ORDER BY t.TABLE_NAME");
      if (counters.empty()) return;
      std::string next_ids;
      for (const shop::Row& table : counters) {
        next_ids += std::string(next_ids.empty() ? "" : " UNION ALL ") + "SELECT '" +
                    table.text(0) + "', coalesce(max(`" + table.text(1) + "`), 0) + 1 FROM `" +
                    table.text(0) + "`";
      }
      std::map<std::string, std::int64_t> next;
      for (const shop::Row& row : db.query(next_ids)) next[row.text(0)] = row.int64(1);
      for (const shop::Row& table : counters) {
        if (table.optional_int64(2) == next[table.text(0)]) continue;
        // InnoDB never puts the counter below max(id) + 1: asking for 1
        // gives exactly that.
        db.execute("ALTER TABLE `" + table.text(0) + "` AUTO_INCREMENT = 1");
      }
      return;
    }
  }
}

std::int64_t tables_named(shop::Database& db, const std::string& name) {
  const char* sql = nullptr;
  switch (db.engine()) {
    case shop::Engine::sqlite:
      sql = "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = $1";
      break;
    case shop::Engine::postgresql:
      sql = "SELECT count(*) FROM pg_tables "
            "WHERE schemaname = current_schema() AND tablename = $1";
      break;
    case shop::Engine::mysql:
      sql = "SELECT count(*) FROM information_schema.TABLES "
            "WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE' AND TABLE_NAME = $1";
      break;
  }
  return db.query_int64(sql, name).value_or(0);
}

std::int64_t view_count(shop::Database& db) {
  switch (db.engine()) {
    case shop::Engine::sqlite:
      return scalar(db, "SELECT count(*) FROM sqlite_schema WHERE type = 'view'");
    case shop::Engine::postgresql:
      return scalar(db, "SELECT count(*) FROM pg_views WHERE schemaname = current_schema()");
    case shop::Engine::mysql:
      return scalar(db, "SELECT count(*) FROM information_schema.VIEWS "
                        "WHERE TABLE_SCHEMA = DATABASE()");
  }
  return 0;
}

std::int64_t trigger_count(shop::Database& db) {
  switch (db.engine()) {
    case shop::Engine::sqlite:
      return scalar(db, "SELECT count(*) FROM sqlite_schema WHERE type = 'trigger'");
    case shop::Engine::postgresql:
      return scalar(db, "SELECT count(*) FROM pg_trigger t "
                        "JOIN pg_class c ON c.oid = t.tgrelid "
                        "WHERE NOT t.tgisinternal "
                        "AND c.relnamespace = current_schema()::regnamespace");
    case shop::Engine::mysql:
      return scalar(db, "SELECT count(*) FROM information_schema.TRIGGERS "
                        "WHERE TRIGGER_SCHEMA = DATABASE()");
  }
  return 0;
}

std::string unchecked_foreign_key(shop::Database& db) {
  switch (db.engine()) {
    case shop::Engine::sqlite: {
      // SQLite checks rows only on a connection where foreign_keys is ON,
      // which the one that ran the migrations need not have been: look.
      shop::Rows dangling = db.query("PRAGMA foreign_key_check");
      return dangling.empty() ? std::string() : dangling.front().text(0);
    }
    case shop::Engine::postgresql: {
      shop::Rows unvalidated = db.query(
          "SELECT conname FROM pg_constraint WHERE contype = 'f' AND NOT convalidated "
          "AND connamespace = current_schema()::regnamespace ORDER BY conname");
      return unvalidated.empty() ? std::string() : unvalidated.front().text(0);
    }
    case shop::Engine::mysql: {
      // InnoDB checks every row it writes unless foreign_key_checks is off,
      // as it is while dbtest fills a worker's copy: look, key by key.
      shop::Rows columns = db.query(
          "SELECT CONSTRAINT_NAME, TABLE_NAME, COLUMN_NAME, REFERENCED_TABLE_NAME, "
          "  REFERENCED_COLUMN_NAME "
          "FROM information_schema.KEY_COLUMN_USAGE "
          "WHERE TABLE_SCHEMA = DATABASE() AND REFERENCED_TABLE_NAME IS NOT NULL "
          "ORDER BY TABLE_NAME, CONSTRAINT_NAME, ORDINAL_POSITION");
      for (std::size_t i = 0; i < columns.size();) {
        const std::string name = columns[i].text(0);
        const std::string table = columns[i].text(1);
        const std::string parent = columns[i].text(3);
        std::string set = "1 = 1";
        std::string matches = "1 = 1";
        for (; i < columns.size() && columns[i].text(0) == name && columns[i].text(1) == table;
             ++i) {
          const std::string column = "`" + columns[i].text(2) + "`";
          set += " AND child." + column + " IS NOT NULL";
          matches += " AND parent.`" + columns[i].text(4) + "` = child." + column;
        }
        if (scalar(db, "SELECT count(*) FROM `" + table + "` child WHERE " + set +
                           " AND NOT EXISTS (SELECT 1 FROM `" + parent + "` parent WHERE " +
                           matches + ")") != 0) {
          return table + " (" + name + ")";
        }
      }
      return {};
    }
  }
  return {};
}

shop::Cart cart_for(std::int64_t customer_id, std::initializer_list<shop::CartLine> lines,
                    std::optional<std::string> coupon) {
  return shop::Cart{customer_id, customer_id, lines, std::move(coupon)};
}

std::int64_t place_paid_order(shop::Database& db, std::int64_t customer_id,
                              std::int64_t product_id, std::int64_t quantity) {
  shop::Orders orders(db);
  std::int64_t id = orders.place(cart_for(customer_id, {{product_id, quantity}}));
  shop::Payments(db).capture(id, orders.get(id).totals.total, "card");
  return id;
}

void ShopTest::SetUp() {
  // Before the base class opens the transaction: SQLite ignores the
  // foreign_keys pragma inside one, and on MySQL restart_ids() commits.
  db_ = worker_database();
  restart_ids(*db_);
  dbtest::TransactionalTest::SetUp();
}

}  // namespace shop_test
