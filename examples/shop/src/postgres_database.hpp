// shop::Database over libpqxx (6.4).
#pragma once

#include <pqxx/connection_base>

#include "database.hpp"

namespace shop {

// Works on a connection the caller owns and keeps open. Every statement runs
// through its own short-lived pqxx::nontransaction, so it joins whatever
// transaction is open on the connection (a test fixture's BEGIN, or the
// module's own savepoint) instead of starting and committing one the way a
// pqxx::work would. No pqxx transaction object is left open between calls,
// so the caller may use the connection in between as long as it does the same.
//
// Unlike SQLite, PostgreSQL aborts the whole enclosing transaction when a
// statement fails; only a ROLLBACK (or a ROLLBACK TO a savepoint set before
// the failure) makes it usable again. The module's multi-statement writes
// sit in savepoints, so a failure inside one of them leaves the caller's
// transaction usable on both engines; a failed single statement outside a
// savepoint does not on PostgreSQL.
class PostgresDatabase final : public Database {
 public:
  explicit PostgresDatabase(pqxx::connection_base& connection) : connection_(connection) {}

  using Database::query;
  Engine engine() const override { return Engine::postgresql; }
  Rows query(std::string_view sql, const std::vector<Param>& params) override;
  void execute(const std::string& sql) override;
  bool in_transaction() override;

  pqxx::connection_base& connection() const { return connection_; }

 protected:
  bool open_savepoint(const std::string& name) override;
  void release_savepoint(const std::string& name, bool top_level) override;
  void rollback_savepoint(const std::string& name, bool top_level) noexcept override;

 private:
  pqxx::connection_base& connection_;
};

}  // namespace shop
