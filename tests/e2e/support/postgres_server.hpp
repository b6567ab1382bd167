// The throwaway PostgreSQL server of ci/postgres-server.sh, as the tests see
// it: its URLs come from the environment ci/test.sh sets. In CI a missing
// server fails the test; elsewhere it skips it with a message.
#pragma once

#include <gtest/gtest.h>

#include <optional>
#include <string>

namespace e2e {

struct PostgresServer {
  std::string url;             // role dbtest (CREATEDB), database app
  std::string nocreatedb_url;  // role nocreatedb
  std::string port;
};

std::optional<PostgresServer> postgres_server();

// Runs SQL as the dbtest role on `database` with psql; returns its output.
std::string psql(const PostgresServer& server, const std::string& database, const std::string& sql);

// The databases whose name starts with `prefix`, sorted.
std::vector<std::string> databases_like(const PostgresServer& server, const std::string& prefix);

// The templates --keepdb kept under this test's --test-db-name: the name
// and 8 hex digits of what built it (a clone's name is longer).
std::vector<std::string> kept_templates(const PostgresServer& server);

// The one kept template; fails the test when there is not exactly one.
std::string kept_template(const PostgresServer& server);

}  // namespace e2e

// Skips (outside CI) or fails (in CI) the test when no server was set up.
#define E2E_REQUIRE_POSTGRES(server)                                                                   \
  const auto server##_found = ::e2e::postgres_server();                                                \
  if (!server##_found) {                                                                               \
    if (std::getenv("CI")) FAIL() << "no PostgreSQL test server: run the tests through ci/test.sh";   \
    GTEST_SKIP() << "no PostgreSQL test server (DBTEST_TEST_POSTGRES_URL unset); ci/test.sh starts one"; \
  }                                                                                                    \
  const ::e2e::PostgresServer& server = *server##_found
