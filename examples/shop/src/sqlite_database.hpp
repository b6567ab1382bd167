// shop::Database over the sqlite3 C API.
#pragma once

#include <sqlite3.h>

#include "database.hpp"

namespace shop {

// Works on a connection the caller owns and keeps open; never opens, closes
// or configures it. The module relies on foreign keys, which SQLite enforces
// only after `PRAGMA foreign_keys = ON` on the connection: the caller's job.
class SqliteDatabase final : public Database {
 public:
  explicit SqliteDatabase(sqlite3* db) : db_(db) {}

  using Database::query;
  Engine engine() const override { return Engine::sqlite; }
  Rows query(std::string_view sql, const std::vector<Param>& params) override;
  void execute(const std::string& sql) override;
  bool in_transaction() override;

  sqlite3* handle() const { return db_; }

 protected:
  bool open_savepoint(const std::string& name) override;
  void release_savepoint(const std::string& name, bool top_level) override;
  void rollback_savepoint(const std::string& name, bool top_level) noexcept override;

 private:
  sqlite3* db_;
};

}  // namespace shop
