#include "sqlite_worker.hpp"

#include "sqlite_connection.hpp"

namespace dbtest::backends {

SqliteHandle open_sqlite_clone(const std::string& database, const std::optional<std::string>& source) {
  SqliteHandle db = open_sqlite(database);
  if (source) {
    SqliteHandle from = open_sqlite(*source);
    sqlite_backup(from.get(), db.get());
  }
  sqlite_exec(db.get(), "PRAGMA foreign_keys = ON");
  return db;
}

}  // namespace dbtest::backends
