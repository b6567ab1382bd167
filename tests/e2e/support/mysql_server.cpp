#include "mysql_server.hpp"

#include <cstdlib>
#include <filesystem>
#include <stdexcept>

#include "dbtest_run.hpp"

namespace e2e {
namespace {

std::optional<std::string> env(const char* name) {
  const char* value = std::getenv(name);
  if (!value || !*value) return std::nullopt;
  return std::string(value);
}

}  // namespace

std::optional<MysqlServer> mysql_server() {
  auto url = env("DBTEST_TEST_MYSQL_URL");
  auto socket_url = env("DBTEST_TEST_MYSQL_SOCKET_URL");
  auto limited = env("DBTEST_TEST_MYSQL_LIMITED_URL");
  auto port = env("DBTEST_TEST_MYSQL_PORT");
  auto socket = env("DBTEST_TEST_MYSQL_SOCKET");
  auto dir = env("DBTEST_TEST_MYSQL_DIR");
  if (!url || !socket_url || !limited || !port || !socket || !dir) return std::nullopt;
  return MysqlServer{*url, *socket_url, *limited, *port, *socket, *dir};
}

std::string mysql_query(const MysqlServer& server, const std::string& database, const std::string& sql) {
  std::vector<std::string> args = {"--no-defaults", "-S", server.socket, "-uroot", "-N", "-B", "-e", sql};
  if (!database.empty()) args.push_back(database);
  auto r = run_command("/usr/bin/mariadb", args, {}, std::filesystem::temp_directory_path());
  if (r.exit_code != 0) throw std::runtime_error("mariadb failed on `" + sql + "`: " + r.err);
  return r.out;
}

std::vector<std::string> databases_like(const MysqlServer& server, const std::string& prefix) {
  // LIKE would take the _ of test_ as "any character": compare the head instead.
  return lines_of(mysql_query(server, "",
                              "SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE LEFT(SCHEMA_NAME, " +
                                  std::to_string(prefix.size()) + ") = '" + prefix + "' ORDER BY SCHEMA_NAME"));
}

std::string with_database(const std::string& url, const std::string& database) {
  const auto query = url.find('?');
  const auto slash = url.rfind('/', query);
  return url.substr(0, slash + 1) + database + (query == std::string::npos ? "" : url.substr(query));
}

}  // namespace e2e
