#include "sqlite_connection.hpp"

#include <sqlite3.h>

#include "base/errors.hpp"

namespace dbtest::backends {

void SqliteCloser::operator()(sqlite3* db) const { sqlite3_close_v2(db); }

SqliteHandle open_sqlite(const std::string& target) {
  sqlite3* raw = nullptr;
  const int rc = sqlite3_open_v2(target.c_str(), &raw,
                                 SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX,
                                 nullptr);
  SqliteHandle db(raw);
  if (rc != SQLITE_OK) {
    throw InfrastructureError("cannot open SQLite database " + target + ": " +
                              (raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc)));
  }
  sqlite3_extended_result_codes(raw, 1);
  // Another connection of the same process may hold a lock for a moment.
  sqlite3_busy_timeout(raw, 5000);
  return db;
}

void sqlite_exec(sqlite3* db, const std::string& sql) {
  char* error = nullptr;
  if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
    std::string message = error ? error : sqlite3_errmsg(db);
    sqlite3_free(error);
    throw InfrastructureError("SQLite: " + message + " (in: " + sql.substr(0, 80) + ")");
  }
}

std::vector<std::vector<std::string>> sqlite_rows(sqlite3* db, const std::string& sql) {
  sqlite3_stmt* raw = nullptr;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &raw, nullptr) != SQLITE_OK) {
    throw InfrastructureError("SQLite: " + std::string(sqlite3_errmsg(db)) + " (in: " + sql.substr(0, 80) + ")");
  }
  const std::unique_ptr<sqlite3_stmt, int (*)(sqlite3_stmt*)> stmt(raw, sqlite3_finalize);
  std::vector<std::vector<std::string>> rows;
  int rc = SQLITE_ROW;
  while ((rc = sqlite3_step(raw)) == SQLITE_ROW) {
    auto& row = rows.emplace_back();
    for (int i = 0; i < sqlite3_column_count(raw); ++i) {
      const auto* text = sqlite3_column_text(raw, i);
      row.emplace_back(text ? reinterpret_cast<const char*>(text) : "");
    }
  }
  if (rc != SQLITE_DONE) {
    throw InfrastructureError("SQLite: " + std::string(sqlite3_errmsg(db)) + " (in: " + sql.substr(0, 80) + ")");
  }
  return rows;
}

namespace {

std::string quoted(const std::string& text, char quote) {
  std::string out(1, quote);
  for (const char c : text) {
    if (c == quote) out += quote;
    out += c;
  }
  return out + quote;
}

}  // namespace

std::string sqlite_quote_identifier(const std::string& name) { return quoted(name, '"'); }
std::string sqlite_quote_literal(const std::string& text) { return quoted(text, '\''); }

void sqlite_backup(sqlite3* from, sqlite3* to) {
  sqlite3_backup* backup = sqlite3_backup_init(to, "main", from, "main");
  if (!backup) throw InfrastructureError(std::string("cannot start SQLite backup: ") + sqlite3_errmsg(to));
  const int step = sqlite3_backup_step(backup, -1);
  const int finish = sqlite3_backup_finish(backup);
  if (step != SQLITE_DONE || finish != SQLITE_OK) {
    throw InfrastructureError(std::string("SQLite backup failed: ") + sqlite3_errstr(step != SQLITE_DONE ? step : finish));
  }
}

}  // namespace dbtest::backends
