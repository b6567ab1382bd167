#include "sqlite_database.hpp"

#include <charconv>
#include <memory>

namespace shop {

namespace {

[[noreturn]] void fail(sqlite3* db, int rc, std::string_view context) {
  std::string message(context);
  message += ": ";
  message += sqlite3_errmsg(db);
  const int code = sqlite3_extended_errcode(db);
  if ((rc & 0xff) == SQLITE_CONSTRAINT) throw ConstraintViolation(code, message);
  throw DatabaseError(code, message);
}

struct Finalize {
  void operator()(sqlite3_stmt* stmt) const { sqlite3_finalize(stmt); }
};

// "$3" -> 3; 0 for any other parameter name ("?1", ":name", "$x").
std::size_t dollar_number(const char* name) {
  if (name == nullptr || name[0] != '$') return 0;
  std::string_view digits(name + 1);
  std::size_t n = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
  if (ec != std::errc() || end != digits.data() + digits.size()) return 0;
  return n;
}

}  // namespace

Rows SqliteDatabase::query(std::string_view sql, const std::vector<Param>& params) {
  sqlite3_stmt* raw = nullptr;
  const char* tail = nullptr;
  int rc = sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &raw, &tail);
  if (rc != SQLITE_OK) fail(db_, rc, sql);
  std::unique_ptr<sqlite3_stmt, Finalize> stmt(raw);
  if (stmt == nullptr) throw DatabaseError(0, "no statement in: " + std::string(sql));
  const std::string_view rest =
      tail == nullptr ? std::string_view()
                      : sql.substr(static_cast<std::size_t>(tail - sql.data()));
  if (rest.find_first_not_of(" \t\r\n;") != std::string_view::npos) {
    throw DatabaseError(0, "more than one statement in: " + std::string(sql));
  }

  // SQLite numbers "$n" parameters by first appearance, not by n: bind each
  // one by its name, and refuse any other kind so that a stray "?" cannot
  // silently stay NULL.
  const int count = sqlite3_bind_parameter_count(stmt.get());
  for (int index = 1; index <= count; ++index) {
    const char* name = sqlite3_bind_parameter_name(stmt.get(), index);
    const std::size_t n = dollar_number(name);
    if (n == 0 || n > params.size()) {
      throw DatabaseError(0, std::string("parameter ") + (name ? name : "?") + " has no value (" +
                                 std::to_string(params.size()) + " given) in: " + std::string(sql));
    }
    const Param& value = params[n - 1];
    if (const auto* number = std::get_if<std::int64_t>(&value)) {
      rc = sqlite3_bind_int64(stmt.get(), index, *number);
    } else if (const auto* text = std::get_if<std::string>(&value)) {
      rc = sqlite3_bind_text(stmt.get(), index, text->data(), static_cast<int>(text->size()),
                             SQLITE_TRANSIENT);
    } else {
      rc = sqlite3_bind_null(stmt.get(), index);
    }
    if (rc != SQLITE_OK) fail(db_, rc, "bind");
  }

  std::vector<Row> rows;
  const int columns = sqlite3_column_count(stmt.get());
  while ((rc = sqlite3_step(stmt.get())) == SQLITE_ROW) {
    std::vector<std::optional<std::string>> values;
    values.reserve(static_cast<std::size_t>(columns));
    for (int c = 0; c < columns; ++c) {
      if (sqlite3_column_type(stmt.get(), c) == SQLITE_NULL) {
        values.emplace_back(std::nullopt);
        continue;
      }
      const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt.get(), c));
      values.emplace_back(std::string(text, static_cast<std::size_t>(
                                                sqlite3_column_bytes(stmt.get(), c))));
    }
    rows.emplace_back(std::move(values));
  }
  if (rc != SQLITE_DONE) fail(db_, rc, sql);
  // sqlite3_changes() keeps the count of the last INSERT/UPDATE/DELETE; a
  // read-only statement must not report it again.
  const std::int64_t affected = sqlite3_stmt_readonly(stmt.get()) ? 0 : sqlite3_changes64(db_);
  return Rows(std::move(rows), affected);
}

void SqliteDatabase::execute(const std::string& sql) {
  int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) fail(db_, rc, sql);
}

bool SqliteDatabase::in_transaction() { return sqlite3_get_autocommit(db_) == 0; }

bool SqliteDatabase::open_savepoint(const std::string& name) {
  // Outside a transaction SQLite's SAVEPOINT starts one, which the outermost
  // RELEASE commits: nothing to do by hand.
  execute("SAVEPOINT " + name);
  return false;
}

void SqliteDatabase::release_savepoint(const std::string& name, bool) {
  execute("RELEASE " + name);
}

void SqliteDatabase::rollback_savepoint(const std::string& name, bool) noexcept {
  // Errors are ignored: if SQLite already rolled the whole transaction back
  // there is nothing left to undo.
  std::string undo = "ROLLBACK TO " + name + "; RELEASE " + name;
  sqlite3_exec(db_, undo.c_str(), nullptr, nullptr, nullptr);
}

}  // namespace shop
