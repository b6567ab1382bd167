// The module's one door to the database. Every class of the shop talks to a
// shop::Database; three implementations open it onto an engine:
//
//   SqliteDatabase    (sqlite_database.hpp)   over a sqlite3*
//   PostgresDatabase  (postgres_database.hpp) over a pqxx::connection
//   MysqlDatabase     (mysql_database.hpp)    over a Connector/C++ sql::Connection
//
// The seam is deliberately small: run one statement with positional
// parameters and get its rows back as text, and make a group of statements
// atomic with a savepoint. The SQL itself is written once, in the dialect all
// three engines accept:
//
//   - parameters are $1, $2, ... (PostgreSQL's only form; SQLite reads "$1" as
//     a parameter *named* "$1", and SqliteDatabase binds it by that name;
//     MysqlDatabase turns each into a "?" and binds it by position. So $2 may
//     come before $1 and a parameter may repeat);
//   - new ids come from RETURNING id (MariaDB 10.5 and later know it), affected
//     rows from Rows::affected();
//   - booleans are written TRUE/FALSE and read with Row::flag(), which takes
//     SQLite's and MySQL's 1/0 and PostgreSQL's t/f alike;
//   - no CAST to an integer type (PostgreSQL says BIGINT, MySQL SIGNED) and no
//     "/" between integers whose result is kept (MySQL's "/" does not
//     truncate); where PostgreSQL cannot infer a parameter's type, the
//     parameter is compared with a column instead.
//
// Where the engines really differ (DDL, seed data, triggers), the difference
// lives in the migration folders, not in the module. The one statement that
// has no common spelling, an upsert, asks engine().
#pragma once

#include <concepts>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>
#include <vector>

#include "errors.hpp"

namespace shop {

enum class Engine { sqlite, postgresql, mysql };

// "sqlite", "postgresql" or "mysql", as dbtest::backend() names them.
std::string_view engine_name(Engine engine);

// One value bound to $n: SQL NULL, an integer or text. The type matters on
// SQLite, where the integer 5 and the text '5' compare differently; libpqxx
// sends every value as text and PostgreSQL types it from the statement, and
// Connector/C++ binds an integer as BIGINT and text as a string.
using Param = std::variant<std::monostate, std::int64_t, std::string>;

// One result row. Values are kept as the text the engine gave (NULL as
// nullopt); the getters convert, and throw DatabaseError for a value that is
// not what the caller expects, rather than guessing.
class Row {
 public:
  explicit Row(std::vector<std::optional<std::string>> values) : values_(std::move(values)) {}

  std::size_t size() const { return values_.size(); }
  bool is_null(std::size_t column) const;
  std::string text(std::size_t column) const;  // "" for NULL
  std::int64_t int64(std::size_t column) const;
  // A boolean column or expression: 1/0 on SQLite and MySQL, t/f on
  // PostgreSQL.
  bool flag(std::size_t column) const;
  std::optional<std::int64_t> optional_int64(std::size_t column) const;
  std::optional<std::string> optional_text(std::size_t column) const;

 private:
  const std::optional<std::string>& at(std::size_t column) const;

  std::vector<std::optional<std::string>> values_;
};

// Every row of a statement, read to the end, and how many rows it changed.
class Rows {
 public:
  Rows(std::vector<Row> rows, std::int64_t affected)
      : rows_(std::move(rows)), affected_(affected) {}

  bool empty() const { return rows_.empty(); }
  std::size_t size() const { return rows_.size(); }
  const Row& operator[](std::size_t i) const { return rows_[i]; }
  const Row& front() const { return rows_.front(); }
  auto begin() const { return rows_.begin(); }
  auto end() const { return rows_.end(); }

  // Rows inserted, updated or deleted by the statement. Meaningful for
  // INSERT, UPDATE and DELETE only (PostgreSQL counts a SELECT's rows here).
  // MySQL counts the rows an UPDATE changed, not those it matched: one that
  // sets a column to the value it already has counts 0 (unless the connection
  // was opened with CLIENT_FOUND_ROWS). So 0 from an UPDATE means "nothing
  // changed", not "no such row".
  std::int64_t affected() const { return affected_; }

 private:
  std::vector<Row> rows_;
  std::int64_t affected_ = 0;
};

namespace detail {
inline Param to_param(std::nullopt_t) { return std::monostate(); }
inline Param to_param(std::string_view value) { return std::string(value); }
inline Param to_param(const std::string& value) { return value; }
inline Param to_param(const char* value) { return std::string(value); }
template <std::integral T>
  requires(!std::same_as<T, bool> && !std::same_as<T, char>)
Param to_param(T value) {
  return static_cast<std::int64_t>(value);
}
template <typename T>
Param to_param(const std::optional<T>& value) {
  if (!value) return std::monostate();
  return to_param(*value);
}
}  // namespace detail

class Database {
 public:
  virtual ~Database() = default;
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  virtual Engine engine() const = 0;

  // Runs one statement, $n bound to params[n - 1]. Throws ConstraintViolation
  // when the schema refuses it, DatabaseError for anything else.
  virtual Rows query(std::string_view sql, const std::vector<Param>& params) = 0;

  // Runs SQL without parameters; several statements separated by ';' are
  // allowed. For DDL, pragmas and one-off statements. (On MySQL most DDL
  // commits the open transaction first.)
  virtual void execute(const std::string& sql) = 0;

  // Whether a transaction is open on the connection (the caller's or the
  // module's own).
  virtual bool in_transaction() = 0;

  // The same, with the parameters given in place: query(sql, a, b, c).
  template <typename... Args>
  Rows query(std::string_view sql, const Args&... args) {
    return query(sql, std::vector<Param>{detail::to_param(args)...});
  }

  // The first column of the first row, if there is a row and it is not NULL.
  template <typename... Args>
  std::optional<std::int64_t> query_int64(std::string_view sql, const Args&... args) {
    Rows rows = query(sql, args...);
    if (rows.empty()) return std::nullopt;
    return rows.front().optional_int64(0);
  }

 protected:
  Database() = default;

  friend class Savepoint;
  // SAVEPOINT name. Returns true when there was no transaction to put the
  // savepoint in and the engine had to open one for it (PostgreSQL); the
  // savepoint is then the transaction, and is ended by COMMIT or ROLLBACK.
  virtual bool open_savepoint(const std::string& name) = 0;
  virtual void release_savepoint(const std::string& name, bool top_level) = 0;
  // Must not throw: called from a destructor, possibly during unwinding.
  virtual void rollback_savepoint(const std::string& name, bool top_level) noexcept = 0;
};

// Makes a group of writes all-or-nothing. SAVEPOINT rather than BEGIN because
// it nests: inside a caller's transaction (a test fixture's, say) it only
// marks a point to roll back to, and on its own it is the transaction, which
// release() commits. SQLite does that by itself; on PostgreSQL, where SAVEPOINT
// needs an open transaction, PostgresDatabase opens one, and so does
// MysqlDatabase (in autocommit mode MySQL takes a SAVEPOINT without a
// transaction, and forgets it with the statement).
class Savepoint {
 public:
  Savepoint(Database& db, std::string name);
  ~Savepoint();
  Savepoint(const Savepoint&) = delete;
  Savepoint& operator=(const Savepoint&) = delete;

  void release();

 private:
  Database& db_;
  std::string name_;
  bool top_level_ = false;
  bool done_ = false;
};

}  // namespace shop
