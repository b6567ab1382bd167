// shop::Database over MySQL Connector/C++ 1.1 (the legacy sql:: API), for
// MariaDB 10.5 and later.
#pragma once

#include "database.hpp"

namespace sql {
class Connection;
}

namespace shop {

// Works on a connection the caller owns and keeps open; never opens, closes
// or configures it. Statements run as server-side prepared statements, so
// every value is bound, never spliced into the SQL text: each $n becomes a
// "?" and params[n - 1] is bound at its place (a $n used twice is bound
// twice). String literals, quoted identifiers and comments are left as they
// are; a "?" of the caller's own is refused, so that a stray one cannot stay
// unbound. The text is read as MySQL does by default, with backslash escapes
// in string literals (NO_BACKSLASH_ESCAPES off).
//
// MariaDB-only, on purpose: new ids come from INSERT ... RETURNING (MariaDB
// 10.5) and in_transaction() asks @@in_transaction (MariaDB 10.3), neither of
// which MySQL 8 has.
//
// Like SQLite and unlike PostgreSQL, MySQL undoes just the statement that
// failed and leaves the transaction usable (a deadlock excepted: InnoDB rolls
// back the whole transaction then). Unlike both, most DDL commits the open
// transaction before it runs, savepoints included.
class MysqlDatabase final : public Database {
 public:
  explicit MysqlDatabase(sql::Connection& connection) : connection_(connection) {}

  using Database::query;
  Engine engine() const override { return Engine::mysql; }
  Rows query(std::string_view sql, const std::vector<Param>& params) override;
  // The connection does not take several statements at once
  // (CLIENT_MULTI_STATEMENTS is off), so execute() cuts the text at each ';'
  // outside quotes and comments and sends the pieces one by one.
  void execute(const std::string& sql) override;
  bool in_transaction() override;

  sql::Connection& connection() const { return connection_; }

 protected:
  bool open_savepoint(const std::string& name) override;
  void release_savepoint(const std::string& name, bool top_level) override;
  void rollback_savepoint(const std::string& name, bool top_level) noexcept override;

 private:
  sql::Connection& connection_;
};

}  // namespace shop
