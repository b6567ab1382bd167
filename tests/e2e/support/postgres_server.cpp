#include "postgres_server.hpp"

#include <cstdlib>
#include <filesystem>

#include "dbtest_run.hpp"

namespace e2e {

std::optional<PostgresServer> postgres_server() {
  const char* url = std::getenv("DBTEST_TEST_POSTGRES_URL");
  const char* nocreatedb = std::getenv("DBTEST_TEST_POSTGRES_NOCREATEDB_URL");
  const char* port = std::getenv("DBTEST_TEST_POSTGRES_PORT");
  if (!url || !*url || !nocreatedb || !port) return std::nullopt;
  return PostgresServer{url, nocreatedb, port};
}

std::string psql(const PostgresServer& server, const std::string& database, const std::string& sql) {
  std::string url = server.url.substr(0, server.url.rfind('/') + 1) + database;
  auto r = run_command("/usr/bin/psql", {"-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", url, "-c", sql}, {},
                       std::filesystem::temp_directory_path());
  if (r.exit_code != 0) throw std::runtime_error("psql failed: " + r.err);
  return r.out;
}

std::vector<std::string> databases_like(const PostgresServer& server, const std::string& prefix) {
  return lines_of(psql(server, "app",
                       "SELECT datname FROM pg_database WHERE datname LIKE '" + prefix + "%' ORDER BY datname"));
}

std::vector<std::string> kept_templates(const PostgresServer& server) {
  std::vector<std::string> out;
  for (const auto& name : databases_like(server, own_database_name() + "_")) {
    if (name.size() == own_database_name().size() + 9) out.push_back(name);
  }
  return out;
}

std::string kept_template(const PostgresServer& server) {
  const auto kept = kept_templates(server);
  EXPECT_EQ(kept.size(), 1u);
  return kept.empty() ? "" : kept.front();
}

}  // namespace e2e
