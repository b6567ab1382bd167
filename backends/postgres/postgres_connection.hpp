// How dbtest reaches a PostgreSQL server: from a postgresql:// URL, or, with
// none, from libpq's own environment (PGHOST, PGPORT, PGUSER, PGPASSWORD,
// PGDATABASE). Errors become dbtest's typed errors with the password masked.
#pragma once

#include <pqxx/pqxx>

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "base/database_url.hpp"

namespace dbtest::backends {

// Where the server is, and who we are on it.
struct PostgresServer {
  std::optional<DatabaseUrl> url;  // nullopt: libpq's environment alone

  // Connection string for `database` ("" keeps the URL's or libpq's own).
  std::string conninfo(const std::string& database) const;
  // A URL naming `database` on this server, password included, for workers.
  // `live` supplies host, port and user when there is no URL.
  std::string url_for(const std::string& database, pqxx::connection& live) const;
  // The libpq variables a worker gets, so code that connects with libpq's
  // defaults reaches the clone.
  std::map<std::string, std::string> libpq_environment(const std::string& database, pqxx::connection& live) const;
  // For messages: the URL with its password masked, or "libpq defaults".
  std::string describe() const;
};

// Opens a connection. Throws InfrastructureError (server unreachable) or
// UsageError (authentication, missing database) naming the server.
std::unique_ptr<pqxx::connection> connect_postgres(const PostgresServer& server, const std::string& database);

// Runs `work`, turning libpq's errors into dbtest's, with `what` saying what
// was being done ("creating database test_app").
void with_postgres_errors(const std::string& what, const std::function<void()>& work);

// A quoted identifier ("name") and a quoted literal ('text').
std::string quote_identifier(pqxx::connection& connection, const std::string& name);
std::string quote_literal(pqxx::connection& connection, const std::string& text);

}  // namespace dbtest::backends
