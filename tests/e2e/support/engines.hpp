// The three engines a test can run dbtest against, behind one description,
// so a fault or interrupt test is written once and run on each: SQLite, the
// throwaway PostgreSQL server and the throwaway MariaDB server of ci/test.sh.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace e2e {

enum class Engine { sqlite, postgres, mysql };

// "sqlite", "postgres", "mysql": for parameterised test names.
std::string engine_name(Engine engine);

// The engines this build of dbtest has (DBTEST_WITH_POSTGRES, ..._MYSQL), for
// the tests that run on each: SQLite first.
std::vector<Engine> built_engines();

struct EngineTarget {
  Engine engine = Engine::sqlite;
  // --backend, --database-url (servers) and --test-db-name own_database_name(),
  // ready to go before the other options of a run.
  std::vector<std::string> args;
  // --migrations of a schema every engine accepts (migrations/portable).
  std::vector<std::string> migration_args;
  // The server's databases whose name starts with the test's own database
  // name: what a run of this test left behind. Always empty for SQLite,
  // whose files live in the sandbox's temporary folder.
  std::vector<std::string> databases_left() const;
};

// nullopt when the engine's server was not set up (see E2E_REQUIRE_ENGINE).
// Call inside a test: names come from the running test.
std::optional<EngineTarget> engine_target(Engine engine);

// `dbtest cleanup` with what it takes of the target: --backend and
// --database-url.
std::vector<std::string> cleanup_command(const EngineTarget& target);

// `a` followed by `b`.
std::vector<std::string> concat(std::vector<std::string> a, const std::vector<std::string>& b);

}  // namespace e2e

// Skips (outside CI) or fails (in CI) the test when the engine's server was
// not set up; SQLite is always there.
#define E2E_REQUIRE_ENGINE(target, engine)                                                             \
  const auto target##_found = ::e2e::engine_target(engine);                                            \
  if (!target##_found) {                                                                               \
    if (std::getenv("CI")) FAIL() << "no " << ::e2e::engine_name(engine) << " test server: run the tests through ci/test.sh"; \
    GTEST_SKIP() << "no " << ::e2e::engine_name(engine) << " test server; ci/test.sh starts one";    \
  }                                                                                                    \
  const ::e2e::EngineTarget& target = *target##_found
