#include "mysql_database.hpp"

#include <cppconn/connection.h>
#include <cppconn/datatype.h>
#include <cppconn/exception.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>
#include <cppconn/resultset_metadata.h>
#include <cppconn/statement.h>

#include <algorithm>
#include <memory>

namespace shop {

namespace {

// CHECK constraint violations: MySQL 8 reports them as 3819 with SQLSTATE
// HY000, MariaDB as 4025 with 23000. Everything else the schema refuses
// (1062 duplicate key, 1451/1452 foreign key, 1048 NOT NULL, and a trigger's
// SIGNAL SQLSTATE '23000') has SQLSTATE class 23.
constexpr int kCheckViolatedMysql = 3819;
constexpr int kCheckViolatedMariadb = 4025;

bool is_constraint_violation(int code, const std::string& state) {
  return state.rfind("23", 0) == 0 || code == kCheckViolatedMysql ||
         code == kCheckViolatedMariadb;
}

// Calls f, turning Connector/C++'s exceptions into the module's.
template <typename F>
auto translated(std::string_view sql, F&& f) -> decltype(f()) {
  try {
    return f();
  } catch (const sql::SQLException& e) {
    const int code = e.getErrorCode();
    const std::string state = e.getSQLState();
    const std::string message = std::string(sql) + ": " + e.what();
    if (is_constraint_violation(code, state)) throw ConstraintViolation(code, state, message);
    throw DatabaseError(code, state, message);
  }
}

// One statement of the caller's text, ready for the server: each $n replaced
// by a "?", and the n of each "?" in the order they appear.
struct Statement {
  std::string text;
  std::vector<std::size_t> parameters;
  bool empty = true;  // white space and comments only
};

bool identifier_char(char c) {
  const auto u = static_cast<unsigned char>(c);
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '$' || u >= 0x80;
}

bool digit(char c) { return c >= '0' && c <= '9'; }

bool space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f'; }

// Cuts `sql` at each ';' the way the server reads it: not inside a '...' or
// "..." string (with backslash escapes and doubled quotes), a `quoted`
// identifier or a comment (# or "-- " to the end of the line, /* ... */).
std::vector<Statement> parse(std::string_view sql) {
  std::vector<Statement> out(1);
  auto fail = [&](const std::string& what) -> void {
    throw DatabaseError(0, what + " in: " + std::string(sql));
  };
  std::size_t i = 0;
  const std::size_t n = sql.size();
  while (i < n) {
    Statement& current = out.back();
    const char c = sql[i];
    if (c == '\'' || c == '"' || c == '`') {
      const std::size_t start = i++;
      bool closed = false;
      while (i < n) {
        if (sql[i] == '\\' && c != '`' && i + 1 < n) {
          i += 2;
        } else if (sql[i] == c && i + 1 < n && sql[i + 1] == c) {
          i += 2;
        } else if (sql[i] == c) {
          ++i;
          closed = true;
          break;
        } else {
          ++i;
        }
      }
      if (!closed) fail(std::string("unterminated ") + c + " quote");
      current.text.append(sql.substr(start, i - start));
      current.empty = false;
    } else if (c == '#' || (c == '-' && i + 1 < n && sql[i + 1] == '-' &&
                            (i + 2 == n || space(sql[i + 2])))) {
      const std::size_t end = std::min(sql.find('\n', i), n);
      current.text.append(sql.substr(i, end - i));
      i = end;
    } else if (c == '/' && i + 1 < n && sql[i + 1] == '*') {
      const std::size_t end = sql.find("*/", i + 2);
      if (end == std::string_view::npos) fail("unterminated comment");
      // /*! ... */ and /*M! ... */ are statement text to the server.
      if (i + 2 < n && (sql[i + 2] == '!' || sql[i + 2] == 'M')) current.empty = false;
      current.text.append(sql.substr(i, end + 2 - i));
      i = end + 2;
    } else if (c == '$' && i + 1 < n && digit(sql[i + 1]) &&
               (i == 0 || !identifier_char(sql[i - 1]))) {
      std::size_t number = 0;
      ++i;
      while (i < n && digit(sql[i])) {
        number = number * 10 + static_cast<std::size_t>(sql[i++] - '0');
      }
      if (i < n && identifier_char(sql[i])) fail("a parameter is $ and digits only");
      current.text += '?';
      current.parameters.push_back(number);
      current.empty = false;
    } else if (c == '?') {
      fail("parameters are written $1, $2, ..., not ?");
    } else if (c == ';') {
      out.emplace_back();
      ++i;
    } else {
      current.text += c;
      if (!space(c)) current.empty = false;
      ++i;
    }
  }
  std::vector<Statement> statements;
  for (auto& statement : out) {
    if (!statement.empty) statements.push_back(std::move(statement));
  }
  return statements;
}

void bind(sql::PreparedStatement& statement, unsigned index, const Param& value) {
  if (const auto* number = std::get_if<std::int64_t>(&value)) {
    statement.setInt64(index, *number);
  } else if (const auto* text = std::get_if<std::string>(&value)) {
    statement.setString(index, *text);
  } else {
    statement.setNull(index, sql::DataType::SQLNULL);
  }
}

std::vector<Row> read_rows(sql::ResultSet& result) {
  const unsigned columns = result.getMetaData()->getColumnCount();
  std::vector<Row> rows;
  while (result.next()) {
    std::vector<std::optional<std::string>> values;
    values.reserve(columns);
    for (unsigned c = 1; c <= columns; ++c) {
      if (result.isNull(c)) {
        values.emplace_back(std::nullopt);
      } else {
        values.emplace_back(std::string(result.getString(c)));
      }
    }
    rows.emplace_back(std::move(values));
  }
  return rows;
}

}  // namespace

Rows MysqlDatabase::query(std::string_view sql, const std::vector<Param>& params) {
  std::vector<Statement> statements = parse(sql);
  if (statements.empty()) throw DatabaseError(0, "no statement in: " + std::string(sql));
  if (statements.size() > 1) {
    throw DatabaseError(0, "more than one statement in: " + std::string(sql));
  }
  const Statement& parsed = statements.front();
  for (std::size_t n : parsed.parameters) {
    if (n == 0 || n > params.size()) {
      throw DatabaseError(0, "parameter $" + std::to_string(n) + " has no value (" +
                                 std::to_string(params.size()) + " given) in: " + std::string(sql));
    }
  }

  return translated(sql, [&] {
    std::unique_ptr<sql::PreparedStatement> statement(connection_.prepareStatement(parsed.text));
    for (std::size_t i = 0; i < parsed.parameters.size(); ++i) {
      bind(*statement, static_cast<unsigned>(i + 1), params[parsed.parameters[i] - 1]);
    }
    // execute() rather than executeQuery()/executeUpdate(): whether a
    // statement returns rows is known only once it ran (MariaDB announces no
    // columns for INSERT ... RETURNING when preparing it).
    if (statement->execute()) {
      std::unique_ptr<sql::ResultSet> result(statement->getResultSet());
      std::vector<Row> rows = read_rows(*result);
      // As PostgreSQL does: the rows a SELECT returned, or those an
      // INSERT ... RETURNING wrote.
      const auto returned = static_cast<std::int64_t>(rows.size());
      return Rows(std::move(rows), returned);
    }
    // Connector/C++ 1.1 does not implement getUpdateCount() for prepared
    // statements; ROW_COUNT() is the count of the statement just run.
    std::unique_ptr<sql::Statement> counter(connection_.createStatement());
    std::unique_ptr<sql::ResultSet> count(counter->executeQuery("SELECT ROW_COUNT()"));
    std::int64_t affected = count->next() ? count->getInt64(1) : 0;
    return Rows({}, affected < 0 ? 0 : affected);
  });
}

void MysqlDatabase::execute(const std::string& sql) {
  for (const Statement& statement : parse(sql)) {
    if (!statement.parameters.empty()) {
      throw DatabaseError(0, "execute() takes no parameters: " + sql);
    }
    translated(statement.text, [&] {
      std::unique_ptr<sql::Statement> runner(connection_.createStatement());
      runner->execute(statement.text);
      // Rows a statement returns must be read before the next one is sent.
      do {
        std::unique_ptr<sql::ResultSet> ignored(runner->getResultSet());
      } while (runner->getMoreResults());
    });
  }
}

bool MysqlDatabase::in_transaction() {
  // MariaDB's session variable: 1 between START TRANSACTION (or the first
  // statement after SET autocommit = 0) and the COMMIT or ROLLBACK.
  return query("SELECT @@in_transaction").front().flag(0);
}

bool MysqlDatabase::open_savepoint(const std::string& name) {
  if (in_transaction()) {
    execute("SAVEPOINT " + name);
    return false;
  }
  // In autocommit mode a SAVEPOINT is accepted and forgotten with the
  // statement: the savepoint becomes a transaction of its own, as on SQLite.
  execute("START TRANSACTION");
  return true;
}

void MysqlDatabase::release_savepoint(const std::string& name, bool top_level) {
  execute(top_level ? std::string("COMMIT") : "RELEASE SAVEPOINT " + name);
}

void MysqlDatabase::rollback_savepoint(const std::string& name, bool top_level) noexcept {
  try {
    if (top_level) {
      execute("ROLLBACK");
      return;
    }
    execute("ROLLBACK TO SAVEPOINT " + name);
    execute("RELEASE SAVEPOINT " + name);
  } catch (...) {
    // A destructor cannot throw. If InnoDB already rolled the transaction
    // back (a deadlock), or DDL committed it, the savepoint is gone and so is
    // what it guarded.
  }
}

}  // namespace shop
