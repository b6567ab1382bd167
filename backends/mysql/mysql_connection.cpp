#include "mysql_connection.hpp"

#include <cppconn/exception.h>
#include <cppconn/resultset.h>
#include <cppconn/resultset_metadata.h>
#include <cppconn/statement.h>
#include <mysql_driver.h>

#include <chrono>
#include <thread>

#include "base/errors.hpp"
#include "mysql_reachability.hpp"

namespace dbtest::backends::mysql {
namespace {

// Client and server error codes that mean the server is out of reach or gone
// (CR_* from errmsg.h, ER_SERVER_SHUTDOWN, ER_CONNECTION_KILLED,
// ER_CLIENT_INTERACTION_TIMEOUT); they are the same numbers on MariaDB.
constexpr int kConnectionLost[] = {2002, 2003, 2005, 2006, 2013, 2055, 1053, 1927, 4031};
// Reaching the server failed: no socket, no connection, no such host
// (CR_CONNECTION_ERROR, CR_CONN_HOST_ERROR, CR_UNKNOWN_HOST). The client's
// text then holds a meaningless errno.
constexpr int kNotReached[] = {2002, 2003, 2005};
constexpr int kConnectTimeoutSeconds = 10;
// The server knows us and refuses: password, privileges, unknown database.
constexpr int kRefused[] = {1044, 1045, 1049, 1142, 1143, 1227, 1370, 1698};

bool listed(int code, const int* first, const int* last) {
  for (; first != last; ++first) {
    if (*first == code) return true;
  }
  return false;
}

bool is_refusal(int code) { return listed(code, std::begin(kRefused), std::end(kRefused)); }

std::string one_line(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  for (auto& c : text) {
    if (c == '\n') c = ' ';
  }
  return mask_password(text);
}

// The driver is a process-wide singleton whose first use must not race.
sql::mysql::MySQL_Driver& driver() {
  static sql::mysql::MySQL_Driver* instance = sql::mysql::get_mysql_driver_instance();
  return *instance;
}

std::string with_code(const sql::SQLException& e) {
  std::string message = one_line(e.what());
  if (message.empty()) message = "error " + std::to_string(e.getErrorCode());
  return message;
}

}  // namespace

bool is_connection_lost(int error_code) {
  return listed(error_code, std::begin(kConnectionLost), std::end(kConnectionLost));
}

std::string MysqlServer::url_for(const std::string& database) const {
  DatabaseUrl out = url;
  out.database = database;
  return out.str();
}

std::map<std::string, std::string> MysqlServer::client_environment() const {
  std::map<std::string, std::string> env;
  env["MYSQL_HOST"] = url.host.empty() ? "localhost" : url.host;
  if (url.port) env["MYSQL_TCP_PORT"] = std::to_string(*url.port);
  if (const auto socket = url.params.find("socket"); socket != url.params.end()) env["MYSQL_UNIX_PORT"] = socket->second;
  return env;
}

Session::Session(std::unique_ptr<sql::Connection> connection) : connection_(std::move(connection)) {}
Session::~Session() = default;

void Session::execute(const std::string& sql) {
  std::unique_ptr<sql::Statement> statement(connection_->createStatement());
  statement->execute(sql);
  // A statement that returns rows must have them read before the next one.
  do {
    std::unique_ptr<sql::ResultSet> ignored(statement->getResultSet());
  } while (statement->getMoreResults());
}

void Session::execute_retrying_deadlocks(const std::string& sql) {
  constexpr int kDeadlock = 1213;  // ER_LOCK_DEADLOCK
  constexpr int kAttempts = 5;
  for (int attempt = 1;; ++attempt) {
    try {
      execute(sql);
      return;
    } catch (const sql::SQLException& e) {
      if (attempt == kAttempts || e.getErrorCode() != kDeadlock) throw;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20 * attempt));
  }
}

std::vector<Row> Session::rows(const std::string& sql) {
  std::unique_ptr<sql::Statement> statement(connection_->createStatement());
  std::unique_ptr<sql::ResultSet> result(statement->executeQuery(sql));
  const unsigned columns = result->getMetaData()->getColumnCount();
  std::vector<Row> out;
  while (result->next()) {
    Row row;
    row.reserve(columns);
    for (unsigned i = 1; i <= columns; ++i) {
      if (result->isNull(i)) row.emplace_back(std::nullopt);
      else row.emplace_back(std::string(result->getString(i)));
    }
    out.push_back(std::move(row));
  }
  return out;
}

std::optional<std::string> Session::scalar(const std::string& sql) {
  auto result = rows(sql);
  if (result.empty() || result.front().empty()) return std::nullopt;
  return result.front().front();
}

std::unique_ptr<Session> connect_mysql(const MysqlServer& server, const std::string& database) {
  const DatabaseUrl& url = server.url;
  sql::ConnectOptionsMap options;
  const auto socket = url.params.find("socket");
  if (socket != url.params.end()) {
    options["hostName"] = sql::SQLString("unix://" + socket->second);
  } else {
    const std::string host = url.host.empty() ? "localhost" : url.host;
    options["hostName"] = sql::SQLString("tcp://" + host + ":" + std::to_string(url.port.value_or(3306)));
  }
  options["userName"] = sql::SQLString(url.user);
  options["password"] = sql::SQLString(url.password.value_or(""));
  if (!database.empty()) options["schema"] = sql::SQLString(database);
  options["OPT_CONNECT_TIMEOUT"] = kConnectTimeoutSeconds;
  options["OPT_CHARSET_NAME"] = sql::SQLString("utf8mb4");
  try {
    return std::make_unique<Session>(std::unique_ptr<sql::Connection>(driver().connect(options)));
  } catch (const sql::SQLException& e) {
    const std::string where = (database.empty() ? "" : "database " + database + " on ") + server.describe();
    if (is_refusal(e.getErrorCode())) throw UsageError("cannot connect to " + where + ": " + with_code(e));
    if (listed(e.getErrorCode(), std::begin(kNotReached), std::end(kNotReached))) {
      const std::string cause = unreachable_cause(url, std::chrono::seconds(kConnectTimeoutSeconds));
      if (!cause.empty()) throw InfrastructureError("cannot connect to " + where + ": " + cause);
    }
    throw InfrastructureError("cannot connect to " + where + ": " + with_code(e));
  }
}

void with_mysql_errors(const std::string& what, const std::function<void()>& work) {
  try {
    work();
  } catch (const sql::SQLException& e) {
    const int code = e.getErrorCode();
    if (is_connection_lost(code)) {
      throw InfrastructureError("the MySQL server went away while " + what + ": " + with_code(e));
    }
    if (is_refusal(code)) throw UsageError("not allowed " + what + ": " + with_code(e));
    if (code == 0) throw InfrastructureError("MySQL failed while " + what + ": " + with_code(e));
    throw UsageError("MySQL refused " + what + ": " + with_code(e));
  }
}

std::string quote_identifier(const std::string& name) {
  std::string out = "`";
  for (char c : name) {
    if (c == '`') out.push_back('`');
    out.push_back(c);
  }
  return out + "`";
}

std::string quote_literal(const std::string& text) {
  std::string out = "'";
  for (char c : text) {
    switch (c) {
      case '\'': out += "''"; break;
      case '\\': out += "\\\\"; break;
      case '\0': out += "\\0"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\x1a': out += "\\Z"; break;
      default: out.push_back(c);
    }
  }
  return out + "'";
}

ThreadScope::ThreadScope() { driver().threadInit(); }
ThreadScope::~ThreadScope() { driver().threadEnd(); }

}  // namespace dbtest::backends::mysql
