#include "postgres_connection.hpp"

#include <cstdlib>

#include "base/errors.hpp"

namespace dbtest::backends {
namespace {

std::string conninfo_quote(const std::string& value) {
  std::string out = "'";
  for (char c : value) {
    if (c == '\'' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  return out + "'";
}

// libpq's messages end in newlines and may span lines; one line reads better.
std::string one_line(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  for (auto& c : text) {
    if (c == '\n') c = ' ';
  }
  return mask_password(text);
}

}  // namespace

std::string PostgresServer::conninfo(const std::string& database) const {
  std::string info;
  if (url) {
    if (!url->host.empty()) info += " host=" + conninfo_quote(url->host);
    if (url->port) info += " port=" + std::to_string(*url->port);
    if (!url->user.empty()) info += " user=" + conninfo_quote(url->user);
    if (url->password) info += " password=" + conninfo_quote(*url->password);
    for (const auto& [key, value] : url->params) info += " " + key + "=" + conninfo_quote(value);
    const std::string db = database.empty() ? url->database : database;
    if (!db.empty()) info += " dbname=" + conninfo_quote(db);
  } else if (!database.empty()) {
    info += " dbname=" + conninfo_quote(database);
  }
  info += " application_name='dbtest'";
  return info;
}

std::string PostgresServer::url_for(const std::string& database, pqxx::connection& live) const {
  DatabaseUrl out = url.value_or(DatabaseUrl{});
  out.scheme = "postgresql";
  if (!url) {
    out.user = live.username() ? live.username() : "";
    out.host = live.hostname() ? live.hostname() : "";
    if (live.port() && *live.port()) out.port = std::atoi(live.port());
    if (const char* password = std::getenv("PGPASSWORD")) out.password = password;
  }
  // A Unix socket folder cannot stand in a URL's host part; libpq reads it
  // from the host parameter instead.
  if (!out.host.empty() && out.host.front() == '/') {
    out.params["host"] = out.host;
    out.host.clear();
  }
  out.database = database;
  return out.str();
}

std::map<std::string, std::string> PostgresServer::libpq_environment(const std::string& database,
                                                                      pqxx::connection& live) const {
  std::map<std::string, std::string> env{{"PGDATABASE", database}};
  if (live.hostname() && *live.hostname()) env["PGHOST"] = live.hostname();
  if (live.port() && *live.port()) env["PGPORT"] = live.port();
  if (live.username() && *live.username()) env["PGUSER"] = live.username();
  if (url && url->password) env["PGPASSWORD"] = *url->password;
  return env;
}

std::string PostgresServer::describe() const { return url ? url->masked() : "the server libpq's PG* variables name"; }

void with_postgres_errors(const std::string& what, const std::function<void()>& work) {
  try {
    work();
  } catch (const pqxx::broken_connection& e) {
    throw InfrastructureError("the PostgreSQL server went away while " + what + ": " + one_line(e.what()));
  } catch (const pqxx::insufficient_privilege& e) {
    throw UsageError("not allowed " + what + ": " + one_line(e.what()));
  } catch (const pqxx::sql_error& e) {
    throw UsageError("PostgreSQL refused " + what + ": " + one_line(e.what()));
  } catch (const pqxx::failure& e) {
    throw InfrastructureError("PostgreSQL failed while " + what + ": " + one_line(e.what()));
  }
}

std::unique_ptr<pqxx::connection> connect_postgres(const PostgresServer& server, const std::string& database) {
  try {
    return std::make_unique<pqxx::connection>(server.conninfo(database));
  } catch (const pqxx::broken_connection& e) {
    const std::string message = one_line(e.what());
    const bool refused_us = message.find("authentication failed") != std::string::npos ||
                            message.find("does not exist") != std::string::npos ||
                            message.find("no password supplied") != std::string::npos;
    const std::string where = database.empty() ? server.describe() : "database " + database + " on " + server.describe();
    if (refused_us) throw UsageError("cannot connect to " + where + ": " + message);
    throw InfrastructureError("cannot connect to " + where + ": " + message);
  }
}

std::string quote_identifier(pqxx::connection& connection, const std::string& name) {
  return connection.quote_name(name);
}

std::string quote_literal(pqxx::connection& connection, const std::string& text) {
  return "'" + connection.esc(text) + "'";
}

}  // namespace dbtest::backends
