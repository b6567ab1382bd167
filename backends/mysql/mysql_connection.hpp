// How dbtest reaches a MySQL or MariaDB server, through Connector/C++ 1.1:
// from a mysql:// URL (`?socket=/path` for a Unix socket). A Session is one
// connection with the few calls dbtest needs; every error leaves it as one of
// dbtest's typed errors, with the password masked.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/database_url.hpp"

namespace sql {
class Connection;
}

namespace dbtest::backends::mysql {

// Where the server is, and who we are on it.
struct MysqlServer {
  DatabaseUrl url;

  // The URL of `database` on this server, password included, for workers
  // and migrate commands.
  std::string url_for(const std::string& database) const;
  // The client library's own variables for this server (MYSQL_HOST,
  // MYSQL_TCP_PORT, MYSQL_UNIX_PORT), so the mysql client and code that
  // connects with its defaults reach it. The database and the user are in
  // the URL: the client has no variables for them.
  std::map<std::string, std::string> client_environment() const;
  // For messages: the URL with its password masked.
  std::string describe() const { return url.masked(); }
};

using Row = std::vector<std::optional<std::string>>;

class Session {
 public:
  explicit Session(std::unique_ptr<sql::Connection> connection);
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  void execute(const std::string& sql);
  // The same, for statements that run beside other sessions' DDL: when
  // InnoDB chooses the statement as a deadlock's victim, it is rolled back
  // and the server asks for it to be tried again, which is done a few times.
  void execute_retrying_deadlocks(const std::string& sql);
  std::vector<Row> rows(const std::string& sql);
  // The first column of the first row; nullopt for no row or NULL.
  std::optional<std::string> scalar(const std::string& sql);
  sql::Connection& connection() { return *connection_; }

 private:
  std::unique_ptr<sql::Connection> connection_;
};

// Opens a session on `database` ("" for none). Throws UsageError when the
// server refuses us (password, privileges, unknown database) and
// InfrastructureError when it cannot be reached.
std::unique_ptr<Session> connect_mysql(const MysqlServer& server, const std::string& database);

// Runs `work`, turning Connector/C++'s errors into dbtest's, with `what`
// saying what was being done ("creating database test_app_1").
void with_mysql_errors(const std::string& what, const std::function<void()>& work);

// Whether a server error code means the connection to the server is lost.
bool is_connection_lost(int error_code);

// `name` quoted with backticks (doubling any inside), and `text` as a string
// literal.
std::string quote_identifier(const std::string& name);
std::string quote_literal(const std::string& text);

// Connector/C++ asks every thread that connects to announce itself and say
// goodbye; one of these on a thread's stack does both.
class ThreadScope {
 public:
  ThreadScope();
  ~ThreadScope();
  ThreadScope(const ThreadScope&) = delete;
  ThreadScope& operator=(const ThreadScope&) = delete;
};

}  // namespace dbtest::backends::mysql
