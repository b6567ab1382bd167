// A thin RAII layer over the sqlite3 C API: prepared statements that finalize
// themselves, savepoints that roll back unless released, and SQLite errors
// turned into shop exceptions.
#pragma once

#include <sqlite3.h>

#include <concepts>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "errors.hpp"

namespace shop::sql {

// Throws ConstraintViolation or DatabaseError for result code rc.
[[noreturn]] void fail(sqlite3* db, int rc, std::string_view context);

// Runs SQL that returns no rows and binds nothing (pragmas, savepoints).
void exec(sqlite3* db, const std::string& sql);

class Statement {
 public:
  Statement(sqlite3* db, std::string_view sql);
  ~Statement();
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&&) = delete;

  // Binds the arguments to ?1, ?2, ... in order.
  template <typename... Args>
  Statement& bind(const Args&... args) {
    int index = 1;
    (bind_one(index++, args), ...);
    return *this;
  }

  // Advances to the next row; false once the statement is done.
  bool step();
  // Runs a statement that returns no rows (INSERT, UPDATE, DELETE).
  void run();
  void reset();

  std::int64_t int64(int column) const;
  std::string text(int column) const;
  bool is_null(int column) const;
  std::optional<std::int64_t> optional_int64(int column) const;
  std::optional<std::string> optional_text(int column) const;

 private:
  template <std::integral T>
  void bind_one(int index, T value) {
    bind_int64(index, static_cast<std::int64_t>(value));
  }
  template <typename T>
  void bind_one(int index, const std::optional<T>& value) {
    if (value) {
      bind_one(index, *value);
    } else {
      bind_null(index);
    }
  }
  void bind_one(int index, std::string_view value);
  void bind_one(int index, std::nullopt_t) { bind_null(index); }

  void bind_int64(int index, std::int64_t value);
  void bind_null(int index);

  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
};

// Runs a query expected to return at most one row of one integer.
template <typename... Args>
std::optional<std::int64_t> query_int64(sqlite3* db, std::string_view sql, const Args&... args) {
  Statement stmt(db, sql);
  stmt.bind(args...);
  if (!stmt.step()) return std::nullopt;
  return stmt.optional_int64(0);
}

// Makes a group of writes all-or-nothing. SAVEPOINT rather than BEGIN because
// it nests: it works on its own (outside a transaction it starts and commits
// one) and inside a caller's transaction, such as a test fixture's.
class Savepoint {
 public:
  Savepoint(sqlite3* db, std::string name);
  ~Savepoint();
  Savepoint(const Savepoint&) = delete;
  Savepoint& operator=(const Savepoint&) = delete;

  void release();

 private:
  sqlite3* db_;
  std::string name_;
  bool done_ = false;
};

}  // namespace shop::sql
