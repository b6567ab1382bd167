// The shop suite on SQLite: dbtest::sqlite(), from the core library.
#include <dbtest/dbtest.hpp>
#include <sqlite3.h>

#include <stdexcept>

#include "engine_support.hpp"

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

std::unique_ptr<shop::Database> worker_database() {
  auto db = std::make_unique<shop::SqliteDatabase>(dbtest::sqlite());
  // The module relies on ON DELETE CASCADE and on foreign keys refusing
  // dangling rows (PostgreSQL and InnoDB always enforce them).
  db->execute("PRAGMA foreign_keys = ON");
  return db;
}

std::unique_ptr<SecondConnection> open_second_connection() {
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

// Ids are rowids: SQLite makes the next one max(id) + 1 by itself.
void restart_ids(shop::Database&) {}

std::string unchecked_foreign_key(shop::Database& db) {
  // SQLite checks rows only on a connection where foreign_keys is ON,
  // which the one that ran the migrations need not have been: look.
  shop::Rows dangling = db.query("PRAGMA foreign_key_check");
  return dangling.empty() ? std::string() : dangling.front().text(0);
}

const bool registered = register_engine_support(
    shop::Engine::sqlite,
    {.worker_database = &worker_database,
     .open_second_connection = &open_second_connection,
     .restart_ids = &restart_ids,
     .tables_named = "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = $1",
     .view_count = "SELECT count(*) FROM sqlite_schema WHERE type = 'view'",
     .trigger_count = "SELECT count(*) FROM sqlite_schema WHERE type = 'trigger'",
     .unchecked_foreign_key = &unchecked_foreign_key});

}  // namespace
}  // namespace shop_test
