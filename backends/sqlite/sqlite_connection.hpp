// A small owning wrapper over a sqlite3 connection, shared by the master side
// (migrating the template) and the worker side (opening the clone).
#pragma once

#include <memory>
#include <string>
#include <vector>

struct sqlite3;

namespace dbtest::backends {

struct SqliteCloser {
  void operator()(sqlite3* db) const;
};
using SqliteHandle = std::unique_ptr<sqlite3, SqliteCloser>;

// Opens `target` (a path or, with SQLITE_OPEN_URI, a file: URI) read-write,
// creating it if needed. Throws InfrastructureError with SQLite's message.
SqliteHandle open_sqlite(const std::string& target);

// Runs statements that return no rows. Throws InfrastructureError.
void sqlite_exec(sqlite3* db, const std::string& sql);

// Runs one query and returns its rows, every value as text ("" for NULL).
// Throws InfrastructureError.
std::vector<std::vector<std::string>> sqlite_rows(sqlite3* db, const std::string& sql);

// `name` as an SQL identifier ("..."), `text` as a string literal ('...').
std::string sqlite_quote_identifier(const std::string& name);
std::string sqlite_quote_literal(const std::string& text);

// Copies the whole of `from` into `to` with the online backup API.
void sqlite_backup(sqlite3* from, sqlite3* to);

}  // namespace dbtest::backends
