#include "engines.hpp"

#include <sstream>

#include "dbtest_run.hpp"
#include "mysql_server.hpp"
#include "postgres_server.hpp"

namespace e2e {

std::string engine_name(Engine engine) {
  switch (engine) {
    case Engine::sqlite: return "sqlite";
    case Engine::postgres: return "postgres";
    case Engine::mysql: return "mysql";
  }
  return "?";
}

std::vector<Engine> built_engines() {
  std::vector<Engine> engines;
  std::stringstream list(E2E_ENGINES);
  for (std::string name; std::getline(list, name, ',');) {
    for (const Engine engine : {Engine::sqlite, Engine::postgres, Engine::mysql}) {
      if (engine_name(engine) == name) engines.push_back(engine);
    }
  }
  return engines;
}

std::optional<EngineTarget> engine_target(Engine engine) {
  EngineTarget target;
  target.engine = engine;
  target.migration_args = {"--migrations", migrations("portable")};
  switch (engine) {
    case Engine::sqlite:
      target.args = {"--backend", "sqlite"};
      return target;
    case Engine::postgres: {
      const auto pg = postgres_server();
      if (!pg) return std::nullopt;
      target.args = {"--backend", "postgres", "--database-url", pg->url, "--test-db-name", own_database_name()};
      return target;
    }
    case Engine::mysql: {
      const auto my = mysql_server();
      if (!my) return std::nullopt;
      target.args = {"--backend", "mysql", "--database-url", my->url, "--test-db-name", own_database_name()};
      return target;
    }
  }
  return std::nullopt;
}

std::vector<std::string> EngineTarget::databases_left() const {
  switch (engine) {
    case Engine::sqlite: return {};
    case Engine::postgres: return databases_like(*postgres_server(), own_database_name());
    case Engine::mysql: return databases_like(*mysql_server(), own_database_name());
  }
  return {};
}

std::vector<std::string> concat(std::vector<std::string> a, const std::vector<std::string>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

std::vector<std::string> cleanup_command(const EngineTarget& target) {
  std::vector<std::string> out = {"cleanup"};
  for (std::size_t i = 0; i + 1 < target.args.size(); i += 2) {
    if (target.args[i] == "--backend" || target.args[i] == "--database-url") {
      out.push_back(target.args[i]);
      out.push_back(target.args[i + 1]);
    }
  }
  return out;
}

}  // namespace e2e
