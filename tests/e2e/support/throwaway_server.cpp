#include "throwaway_server.hpp"

namespace e2e {

ThrowawayServer::ThrowawayServer(Engine engine, std::filesystem::path dir) : dir_(std::move(dir)) {
  const bool postgres = engine == Engine::postgres;
  script_ = std::string(E2E_SOURCE_DIR) + (postgres ? "/ci/postgres-server.sh" : "/ci/mysql-server.sh");
  const auto started = run_command(script_, {"start", dir_.string()}, {}, dir_.parent_path());
  start_output_ = started.all();
  if (started.exit_code != 0) return;
  // The script prints shell assignments: `export KEY=VALUE`, one a line.
  const std::string key = postgres ? "DBTEST_TEST_POSTGRES_URL=" : "DBTEST_TEST_MYSQL_URL=";
  const auto at = started.out.find(key);
  if (at == std::string::npos) return;
  const auto begin = at + key.size();
  url_ = started.out.substr(begin, started.out.find('\n', begin) - begin);
}

ThrowawayServer::~ThrowawayServer() { stop(); }

RunOutput ThrowawayServer::stop() { return run_command(script_, {"stop", dir_.string()}, {}, dir_.parent_path()); }

}  // namespace e2e
