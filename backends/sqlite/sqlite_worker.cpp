#include "sqlite_worker.hpp"

#include <sqlite3.h>

#include "base/database_url.hpp"
#include "dbtest/dbtest.hpp"
#include "protocol/environment.hpp"

namespace dbtest::backends {
namespace {

class SqliteWorkerDatabase final : public WorkerDatabase {
 public:
  explicit SqliteWorkerDatabase(SqliteHandle db) : db_(std::move(db)) {}
  sqlite3* handle() { return db_.get(); }

  void begin_test_transaction() override { sqlite_exec(db_.get(), "BEGIN"); }
  void roll_back_test_transaction() override {
    // A test that ended the transaction itself leaves nothing to roll back.
    if (!sqlite3_get_autocommit(db_.get())) sqlite_exec(db_.get(), "ROLLBACK");
  }

  void commit_test_transaction() override {
    if (!sqlite3_get_autocommit(db_.get())) sqlite_exec(db_.get(), "COMMIT");
  }
  void save_for_keeping() override {
    if (keep_path_.empty()) return;
    SqliteHandle copy = open_sqlite(keep_path_);
    sqlite_backup(db_.get(), copy.get());
  }
  // --keep-failed-db, in-memory clones: where save_for_keeping() writes.
  std::string keep_path_;

  std::map<std::string, std::int64_t> row_counts() override {
    std::string query;
    for (const auto& row : sqlite_rows(db_.get(), "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'")) {
      const std::string& table = row.at(0);
      query += std::string(query.empty() ? "" : " UNION ALL ") + "SELECT " + sqlite_quote_literal(table) +
               ", count(*) FROM " + sqlite_quote_identifier(table);
    }
    std::map<std::string, std::int64_t> counts;
    if (query.empty()) return counts;
    for (const auto& row : sqlite_rows(db_.get(), query)) counts[row.at(0)] = std::stoll(row.at(1));
    return counts;
  }
  std::optional<std::int64_t> change_counter() override { return sqlite3_total_changes64(db_.get()); }

 private:
  SqliteHandle db_;
};

}  // namespace

SqliteHandle open_sqlite_clone(const std::string& database, const std::optional<std::string>& source) {
  SqliteHandle db = open_sqlite(database);
  if (source) {
    SqliteHandle from = open_sqlite(*source);
    sqlite_backup(from.get(), db.get());
  }
  sqlite_exec(db.get(), "PRAGMA foreign_keys = ON");
  return db;
}

std::unique_ptr<WorkerDatabase> open_sqlite_worker_database(const WorkerLocation& location) {
  if (location.database_url.empty()) {
    throw Error(std::string(protocol::kDatabaseUrlVariable) +
                " is not set: run this binary under dbtest, or point the variable at a migrated database "
                "(e.g. sqlite:/path/to/test.db)");
  }
  try {
    const auto url = DatabaseUrl::parse(location.database_url);
    auto database = std::make_unique<SqliteWorkerDatabase>(
        open_sqlite_clone(url.database, location.variable(protocol::kSqliteSourceVariable)));
    database->keep_path_ = location.variable(protocol::kSqliteKeepPathVariable).value_or("");
    return database;
  } catch (const std::exception& e) {
    throw Error(std::string("cannot open this worker's database: ") + e.what());
  }
}

}  // namespace dbtest::backends

namespace dbtest {

sqlite3* sqlite() {
  auto& db = backends::this_process_database("sqlite", "dbtest::sqlite()");
  return static_cast<backends::SqliteWorkerDatabase&>(db).handle();
}

}  // namespace dbtest
