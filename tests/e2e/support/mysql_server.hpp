// The throwaway MariaDB server of ci/mysql-server.sh, as the tests see it:
// its URLs come from the environment ci/test.sh sets. In CI a missing server
// fails the test; elsewhere it skips it with a message.
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

namespace e2e {

struct MysqlServer {
  std::string url;          // mysql://dbtest:dbtest-secret@127.0.0.1:PORT/app over TCP
  std::string socket_url;   // the same account over the Unix socket (?socket=PATH)
  std::string limited_url;  // user `limited`: privileges on `app` only
  std::string port;
  std::string socket;       // the server's Unix socket; root is reachable there
  std::string dir;          // the server's folder
};

std::optional<MysqlServer> mysql_server();

// Runs SQL as root over the socket (`mariadb --no-defaults -S SOCKET -uroot
// -N -B -e SQL DATABASE`), on `database` ("" for none); returns its output.
// Throws when the client fails.
std::string mysql_query(const MysqlServer& server, const std::string& database, const std::string& sql);

// The databases whose name starts with `prefix` (taken literally), sorted.
std::vector<std::string> databases_like(const MysqlServer& server, const std::string& prefix);

// `url` with its database replaced by `database`.
std::string with_database(const std::string& url, const std::string& database);

}  // namespace e2e

// Skips (outside CI) or fails (in CI) the test when no server was set up.
#define E2E_REQUIRE_MYSQL(server)                                                                    \
  const auto server##_found = ::e2e::mysql_server();                                                 \
  if (!server##_found) {                                                                             \
    if (std::getenv("CI")) FAIL() << "no MariaDB test server: run the tests through ci/test.sh";     \
    GTEST_SKIP() << "no MariaDB test server (DBTEST_TEST_MYSQL_URL unset); ci/test.sh starts one";   \
  }                                                                                                  \
  const ::e2e::MysqlServer& server = *server##_found
