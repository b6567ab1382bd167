// MySQL and MariaDB, worker side: the library dbtest::mysql. Opens the copy
// a worker was handed and serves dbtest::mysql() and TransactionalTest.
#include <cppconn/connection.h>

#include <map>
#include <string>

#include "backends/worker_database.hpp"
#include "base/database_url.hpp"
#include "dbtest/mysql.hpp"
#include "mysql_connection.hpp"
#include "protocol/environment.hpp"

namespace dbtest::backends::mysql {
namespace {

// On InnoDB tables; a statement that commits implicitly (DDL) ends the
// transaction early, as it would in the application.
class MysqlWorkerDatabase final : public WorkerDatabase {
 public:
  explicit MysqlWorkerDatabase(std::unique_ptr<Session> session) : session_(std::move(session)) {}
  sql::Connection& connection() { return session_->connection(); }

  void begin_test_transaction() override { session_->execute("START TRANSACTION"); }
  void roll_back_test_transaction() override { session_->execute("ROLLBACK"); }
  void commit_test_transaction() override { session_->execute("COMMIT"); }

  void note_id_counters() override { noted_ = counters(); }

  // ALTER TABLE commits implicitly: it runs after the rollback, and only for
  // tables whose counter moved.
  void restore_id_counters() override {
    for (const auto& [table, now] : counters()) {
      const auto was = noted_.find(table);
      if (was == noted_.end() || was->second == now) continue;
      session_->execute("ALTER TABLE " + quote_identifier(table) + " AUTO_INCREMENT = " + was->second);
    }
  }

  // information_schema's TABLE_ROWS is an estimate for InnoDB: each table is
  // counted, in one statement.
  std::map<std::string, std::int64_t> row_counts() override {
    std::string query;
    for (const auto& row : session_->rows("SELECT TABLE_NAME FROM information_schema.TABLES "
                                          "WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE'")) {
      const std::string table = row.at(0).value_or("");
      query += std::string(query.empty() ? "" : " UNION ALL ") + "SELECT " + quote_literal(table) + ", COUNT(*) FROM " +
               quote_identifier(table);
    }
    std::map<std::string, std::int64_t> counts;
    if (query.empty()) return counts;
    for (const auto& row : session_->rows(query)) counts[row.at(0).value_or("")] = std::stoll(row.at(1).value_or("0"));
    return counts;
  }

 private:
  // The next AUTO_INCREMENT value of each table that has one.
  std::map<std::string, std::string> counters() {
    std::map<std::string, std::string> out;
    for (const auto& row : session_->rows("SELECT TABLE_NAME, AUTO_INCREMENT FROM information_schema.TABLES "
                                          "WHERE TABLE_SCHEMA = DATABASE() AND AUTO_INCREMENT IS NOT NULL")) {
      out[row.at(0).value_or("")] = row.at(1).value_or("1");
    }
    return out;
  }

  std::unique_ptr<Session> session_;
  std::map<std::string, std::string> noted_;
};

std::unique_ptr<WorkerDatabase> open_mysql_worker_database(const WorkerLocation& location) {
  if (location.database_url.empty()) {
    throw Error(std::string(protocol::kDatabaseUrlVariable) +
                " is not set: run this binary under dbtest, or point the variable at a migrated database "
                "(mysql://user:password@host:port/db)");
  }
  try {
    MysqlServer server{DatabaseUrl::parse(location.database_url)};
    auto session = connect_mysql(server, server.url.database);
    try {
      // MySQL 8 caches information_schema's AUTO_INCREMENT for a day unless
      // told otherwise; MariaDB has no such variable and is always current.
      session->execute("SET SESSION information_schema_stats_expiry = 0");
    } catch (const std::exception&) {
    }
    return std::make_unique<MysqlWorkerDatabase>(std::move(session));
  } catch (const std::exception& e) {
    throw Error("cannot connect to this worker's MySQL database: " + mask_password(e.what()));
  }
}

}  // namespace
}  // namespace dbtest::backends::mysql

namespace dbtest::internal {

// Registers once, whichever comes first: the initialiser of a file that
// includes <dbtest/mysql.hpp>, or this file's own below.
bool link_mysql_worker() {
  static const bool registered =
      backends::register_worker_engine("mysql", &backends::mysql::open_mysql_worker_database);
  return registered;
}

namespace {
const bool registered_at_start = link_mysql_worker();
}  // namespace

}  // namespace dbtest::internal

namespace dbtest {

sql::Connection& mysql() {
  auto& db = backends::this_process_database("mysql", "dbtest::mysql()");
  return static_cast<backends::mysql::MysqlWorkerDatabase&>(db).connection();
}

}  // namespace dbtest
