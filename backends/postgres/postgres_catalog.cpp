#include "postgres_catalog.hpp"

#include "backends/common/sha256.hpp"
#include "postgres_connection.hpp"

namespace dbtest::backends::postgres {

std::optional<DatabaseInfo> find_database(pqxx::connection& admin, const std::string& name) {
  pqxx::nontransaction tx(admin);
  const auto rows = tx.exec_params(
      "SELECT coalesce(shobj_description(oid, 'pg_database'), ''), datistemplate FROM pg_database WHERE datname = $1",
      name);
  if (rows.empty()) return std::nullopt;
  return DatabaseInfo{name, OwnershipMarker::decode(rows[0][0].as<std::string>()), rows[0][1].as<bool>()};
}

std::vector<DatabaseInfo> databases_with_markers(pqxx::connection& admin) {
  pqxx::nontransaction tx(admin);
  std::vector<DatabaseInfo> out;
  for (const auto& row : tx.exec(
           "SELECT datname, shobj_description(oid, 'pg_database'), datistemplate FROM pg_database "
           "WHERE shobj_description(oid, 'pg_database') LIKE 'dbtest:%' AND pg_has_role(datdba, 'MEMBER') "
           "ORDER BY datname")) {
    if (auto marker = OwnershipMarker::decode(row[1].as<std::string>())) {
      out.push_back({row[0].as<std::string>(), marker, row[2].as<bool>()});
    }
  }
  return out;
}

std::vector<std::string> databases_without_markers(pqxx::connection& admin) {
  pqxx::nontransaction tx(admin);
  std::vector<std::string> out;
  for (const auto& row : tx.exec(
           "SELECT datname FROM pg_database WHERE datdba = (SELECT oid FROM pg_roles WHERE rolname = current_user) "
           "AND coalesce(shobj_description(oid, 'pg_database'), '') NOT LIKE 'dbtest:%' ORDER BY datname")) {
    out.push_back(row[0].as<std::string>());
  }
  return out;
}

void set_marker(pqxx::connection& admin, const std::string& name, const OwnershipMarker& marker) {
  pqxx::nontransaction tx(admin);
  tx.exec0("COMMENT ON DATABASE " + quote_identifier(admin, name) + " IS " + quote_literal(admin, marker.encode()));
}

void create_database(pqxx::connection& admin, const std::string& name, const OwnershipMarker& marker,
                     const std::string& from_template, const std::string& strategy) {
  std::string sql = "CREATE DATABASE " + quote_identifier(admin, name);
  if (!from_template.empty()) sql += " TEMPLATE " + quote_identifier(admin, from_template);
  if (!strategy.empty()) sql += " STRATEGY " + strategy;
  {
    pqxx::nontransaction tx(admin);
    tx.exec0(sql);
  }
  set_marker(admin, name, marker);
}

// file_copy copies the template's files, with a checkpoint before and after
// and, when the server syncs, an fsync of every file; wal_log, the server's
// default, reads the template block by block and writes every block to the
// WAL. Three runs of the benchmark timed both (docs/benchmarks.md,
// PostgreSQL clone strategy) on a 28 MB and a 232 MB template, one clone and
// 8 at once, fsync off and on: on the large template file_copy took 0.36 to
// 0.88 of wal_log's time every time; on the small one the winner changed
// from run to run, file_copy losing by 56 % at worst (one clone, fsync on).
std::string default_clone_strategy(pqxx::connection& admin, bool beside_tests) {
  if (admin.server_version() < 150000) return "";
  // Beside running tests, file_copy's checkpoints write out all the tests
  // dirtied: the shop suite under --isolation test ran at 7.7 tests/s with
  // file_copy against 14.7 with wal_log, in two runs of the benchmark.
  return beside_tests ? "wal_log" : "file_copy";
}

void seal_template(pqxx::connection& admin, const std::string& name) {
  pqxx::nontransaction tx(admin);
  tx.exec0("ALTER DATABASE " + quote_identifier(admin, name) + " WITH ALLOW_CONNECTIONS false IS_TEMPLATE true");
}

void open_template(pqxx::connection& admin, const std::string& name) {
  pqxx::nontransaction tx(admin);
  tx.exec0("ALTER DATABASE " + quote_identifier(admin, name) + " WITH ALLOW_CONNECTIONS true");
}

void drop_database(pqxx::connection& admin, const std::string& name) {
  unmark_template(admin, name);
  end_sessions(admin, name);
  try {
    // Without FORCE: the server makes an autovacuum worker give way, which a
    // role without pg_signal_backend could not make it do with FORCE.
    pqxx::nontransaction tx(admin);
    tx.exec0("DROP DATABASE IF EXISTS " + quote_identifier(admin, name));
  } catch (const pqxx::sql_error& e) {
    if (std::string(e.what()).find("being accessed by other users") == std::string::npos) throw;
    pqxx::nontransaction tx(admin);
    tx.exec0("DROP DATABASE IF EXISTS " + quote_identifier(admin, name) + " WITH (FORCE)");
  }
}

void unmark_template(pqxx::connection& admin, const std::string& name) {
  pqxx::nontransaction tx(admin);
  // A template must be unmarked before it can be dropped.
  const auto exists = tx.exec_params("SELECT 1 FROM pg_database WHERE datname = $1", name);
  if (exists.empty()) return;
  tx.exec0("ALTER DATABASE " + quote_identifier(admin, name) + " WITH IS_TEMPLATE false");
}


std::vector<std::string> end_sessions(pqxx::connection& admin, const std::string& name) {
  std::vector<std::string> stuck;
  pqxx::result sessions;
  {
    pqxx::nontransaction tx(admin);
    sessions = tx.exec_params(
        "SELECT pid, coalesce(usename, '?'), coalesce(application_name, ''), "
        "coalesce(host(client_addr), 'local socket') FROM pg_stat_activity "
        // Only sessions of a role: an autovacuum worker (no role) gives way
        // to CREATE and DROP DATABASE by itself, and may not be signalled by
        // a plain role. (Other roles' backend_type is hidden from us.)
        "WHERE datname = $1 AND pid <> pg_backend_pid() AND usename IS NOT NULL",
        name);
  }
  for (const auto& row : sessions) {
    bool ended = false;
    try {
      // One statement each: a session we may not end (a superuser's) must
      // not keep us from ending the others.
      pqxx::nontransaction tx(admin);
      ended = tx.exec_params1("SELECT pg_terminate_backend($1)", row[0].as<int>())[0].as<bool>();
    } catch (const pqxx::sql_error&) {
      ended = false;
    }
    if (!ended) {
      // A session that was closing anyway (our own last connection, say) is
      // gone by now, and that is as good as ended.
      pqxx::nontransaction tx(admin);
      ended = tx.exec_params("SELECT 1 FROM pg_stat_activity WHERE pid = $1", row[0].as<int>()).empty();
    }
    if (!ended) {
      stuck.push_back("user " + row[1].as<std::string>() + ", application '" + row[2].as<std::string>() +
                      "', client " + row[3].as<std::string>());
    }
  }
  return stuck;
}

std::map<std::string, std::string> applied_migrations(pqxx::connection& database) {
  pqxx::nontransaction tx(database);
  std::map<std::string, std::string> applied;
  if (tx.exec("SELECT 1 FROM pg_tables WHERE tablename = 'dbtest_migrations'").empty()) return applied;
  for (const auto& row : tx.exec("SELECT name, checksum FROM dbtest_migrations")) {
    applied[row[0].as<std::string>()] = row[1].as<std::string>();
  }
  return applied;
}

std::string schema_digest(pqxx::connection& database) {
  pqxx::nontransaction tx(database);
  // The lines of each kind, sorted, then the kinds in the order of their
  // words: the text of one sort over all lines ("column" < "constraint" <
  // "index"), which earlier templates' markers hold, at half its cost: one
  // sort over a UNION of information_schema.columns and the rest made the
  // planner take twice as long as the three parts do apart.
  const auto rows = tx.exec(R"(
    SELECT concat_ws(E'\n',
      (SELECT string_agg(line, E'\n' ORDER BY line) FROM (
         SELECT 'column ' || table_schema || '.' || table_name || '.' || column_name || ' ' || data_type || ' ' ||
                is_nullable || ' ' || coalesce(column_default, '') AS line
           FROM information_schema.columns WHERE table_schema NOT IN ('pg_catalog', 'information_schema')) AS columns),
      (SELECT string_agg(line, E'\n' ORDER BY line) FROM (
         SELECT 'constraint ' || n.nspname || '.' || c.conname || ' ' || pg_get_constraintdef(c.oid) AS line
           FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
          WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')) AS constraints),
      (SELECT string_agg(line, E'\n' ORDER BY line) FROM (
         SELECT 'index ' || schemaname || '.' || indexname || ' ' || indexdef AS line
           FROM pg_indexes WHERE schemaname NOT IN ('pg_catalog', 'information_schema')) AS indexes)))");
  return sha256_hex(rows[0][0].as<std::string>());
}

}  // namespace dbtest::backends::postgres
