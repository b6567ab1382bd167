#include "support/mysql_runs.hpp"

#include <filesystem>
#include <fstream>

namespace e2e {

namespace fs = std::filesystem;

std::vector<std::string> my_args(const std::string& url, std::vector<std::string> more) {
  std::vector<std::string> args = {"--backend", "mysql", "--database-url", url, "--test-db-name", own_database_name()};
  args.insert(args.end(), more.begin(), more.end());
  return args;
}

// A folder in which the suites of one run wait for each other.
std::map<std::string, std::string> meeting(const Sandbox& box, int count) {
  const auto dir = box.root() / "meet";
  fs::create_directories(dir);
  return {{"MYSQL_SUITE_MEET_DIR", dir.string()}, {"MYSQL_SUITE_MEET_COUNT", std::to_string(count)}};
}


// The copies the suites reported (-v), by suite.
std::map<std::string, std::string> copies(const RunOutput& r) {
  std::map<std::string, std::string> out;
  for (const auto& [key, value] : published_signals(r.out)) {
    if (key.rfind("copy.", 0) == 0) out[key.substr(5)] = value;
  }
  return out;
}

std::set<std::string> distinct(const std::map<std::string, std::string>& by_suite) {
  std::set<std::string> out;
  for (const auto& [suite, name] : by_suite) out.insert(name);
  return out;
}

// test_app_<run id>, from the name of one of the run's copies.
std::string run_prefix(const std::string& copy) { return copy.substr(0, copy.rfind('_')); }

void drop_database(const MysqlServer& my, const std::string& name) {
  mysql_query(my, "", "DROP DATABASE IF EXISTS `" + name + "`");
}

// The templates --keepdb kept under this test's --test-db-name: the name
// and 8 hex digits of what built it (a copy's name is longer).
std::vector<std::string> kept_templates(const MysqlServer& my) {
  std::vector<std::string> out;
  for (const auto& name : databases_like(my, own_database_name() + "_")) {
    if (name.size() == own_database_name().size() + 9) out.push_back(name);
  }
  return out;
}

// The one kept template; fails the test when there is not exactly one.
std::string kept_template(const MysqlServer& my) {
  const auto kept = kept_templates(my);
  EXPECT_EQ(kept.size(), 1u);
  return kept.empty() ? "" : kept.front();
}

void drop_kept_templates(const MysqlServer& my) {
  for (const auto& name : kept_templates(my)) drop_database(my, name);
}

// Migration sets A, B and C: my_objects, and my_objects with one more file each.
fs::path migration_set(const Sandbox& box, const std::string& which) {
  const auto dir = box.root() / ("migrations_" + which);
  if (fs::exists(dir)) return dir;
  fs::copy(migrations("my_objects"), dir);
  if (which != "a") std::ofstream(dir / ("0004_" + which + ".sql")) << "CREATE TABLE extra_" << which << " (id INT);\n";
  return dir;
}

RunOutput keepdb_run(const MysqlServer& my, const Sandbox& box, const std::string& which,
                     std::vector<std::string> more) {
  auto args = my_args(my.url, {"--keepdb", "--migrations", migration_set(box, which).string(), "--filter", "Rollback.*"});
  args.insert(args.end(), more.begin(), more.end());
  args.insert(args.end(), {"--", suite("mysql_suite")});
  return run_dbtest(box, args);
}

RunOutput cleanup_templates(const MysqlServer& my, const Sandbox& box, bool dry_run) {
  std::vector<std::string> args = {"cleanup", "--templates"};
  if (dry_run) args.push_back("--dry-run");
  args.insert(args.end(), {"--backend", "mysql", "--database-url", my.url, "--test-db-name", own_database_name()});
  return run_dbtest(box, args);
}

// A database as dbtest marks it, made by hand.
void make_marked_database(const MysqlServer& my, const std::string& name, const std::string& marker) {
  mysql_query(my, "", "CREATE DATABASE `" + name + "`");
  mysql_query(my, name, "CREATE TABLE dbtest_meta (marker TEXT NOT NULL) ENGINE=InnoDB");
  mysql_query(my, name, "INSERT INTO dbtest_meta VALUES ('" + marker + "')");
}

// An account of the test's own that sees only the databases whose names
// start with `prefix`, so that its `dbtest cleanup` never meets what
// other tests running at the same time leave behind. Returns its URL.
std::string own_account(const MysqlServer& my, const std::string& prefix) {
  const std::string user = own_database_name().substr(0, 32);
  std::string pattern;
  for (char c : prefix) pattern += c == '_' ? std::string("\\_") : std::string(1, c);
  mysql_query(my, "", "DROP USER IF EXISTS '" + user + "'@'127.0.0.1'");
  mysql_query(my, "", "CREATE USER '" + user + "'@'127.0.0.1' IDENTIFIED BY 'own-secret'");
  mysql_query(my, "", "GRANT ALL PRIVILEGES ON `" + pattern + "%`.* TO '" + user + "'@'127.0.0.1'");
  return "mysql://" + user + ":own-secret@127.0.0.1:" + my.port + "/app";
}

void drop_own_account(const MysqlServer& my) {
  mysql_query(my, "", "DROP USER IF EXISTS '" + own_database_name().substr(0, 32) + "'@'127.0.0.1'");
}

}  // namespace e2e
