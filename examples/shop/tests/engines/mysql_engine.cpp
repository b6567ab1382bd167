// The shop suite on MySQL/MariaDB: dbtest::mysql(), from dbtest::mysql.
#include <cppconn/connection.h>
#include <dbtest/mysql.hpp>
#include <mysql_driver.h>

#include <algorithm>
#include <map>
#include <stdexcept>

#include "engine_support.hpp"
#include "mysql_database.hpp"

namespace shop_test {
namespace {

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

std::unique_ptr<shop::Database> worker_database() { return std::make_unique<shop::MysqlDatabase>(dbtest::mysql()); }

std::unique_ptr<SecondConnection> open_second_connection() {
  return std::make_unique<MysqlSecondConnection>(connect_mysql(dbtest::database_url()));
}

void restart_ids(shop::Database& db) {
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
}

std::string unchecked_foreign_key(shop::Database& db) {
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

const bool registered = register_engine_support(
    shop::Engine::mysql,
    {.worker_database = &worker_database,
     .open_second_connection = &open_second_connection,
     .restart_ids = &restart_ids,
     .tables_named = "SELECT count(*) FROM information_schema.TABLES "
                     "WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE' AND TABLE_NAME = $1",
     .view_count = "SELECT count(*) FROM information_schema.VIEWS WHERE TABLE_SCHEMA = DATABASE()",
     .trigger_count = "SELECT count(*) FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE()",
     .unchecked_foreign_key = &unchecked_foreign_key});

}  // namespace
}  // namespace shop_test
