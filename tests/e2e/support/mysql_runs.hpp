// What the MySQL/MariaDB end-to-end tests share: dbtest's arguments for the
// test's own server databases, the copies a run reported, kept templates,
// migration sets and accounts of the test's own.
#pragma once

#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "support/dbtest_run.hpp"
#include "support/mysql_server.hpp"

namespace e2e {

// --backend mysql --database-url URL --test-db-name <the test's own>, then `more`.
std::vector<std::string> my_args(const std::string& url, std::vector<std::string> more);

// A folder in which the suites of one run wait for each other.
std::map<std::string, std::string> meeting(const Sandbox& box, int count);

// The copies the suites reported (-v), by suite.
std::map<std::string, std::string> copies(const RunOutput& r);
std::set<std::string> distinct(const std::map<std::string, std::string>& by_suite);

// test_app_<run id>, from the name of one of the run's copies.
std::string run_prefix(const std::string& copy);

void drop_database(const MysqlServer& my, const std::string& name);

// The templates --keepdb kept under this test's --test-db-name: the name
// and 8 hex digits of what built it (a copy's name is longer).
std::vector<std::string> kept_templates(const MysqlServer& my);
// The one kept template; fails the test when there is not exactly one.
std::string kept_template(const MysqlServer& my);
void drop_kept_templates(const MysqlServer& my);

// Migration sets A, B and C: my_objects, and my_objects with one more file each.
std::filesystem::path migration_set(const Sandbox& box, const std::string& which);
// A --keepdb run of the Rollback suite on migration set `which`.
RunOutput keepdb_run(const MysqlServer& my, const Sandbox& box, const std::string& which,
                     std::vector<std::string> more = {});
RunOutput cleanup_templates(const MysqlServer& my, const Sandbox& box, bool dry_run);

// A database as dbtest marks it, made by hand.
void make_marked_database(const MysqlServer& my, const std::string& name, const std::string& marker);

// An account of the test's own that sees only the databases whose names
// start with `prefix`, so that its `dbtest cleanup` never meets what
// other tests running at the same time leave behind. Returns its URL.
std::string own_account(const MysqlServer& my, const std::string& prefix = own_database_name());
void drop_own_account(const MysqlServer& my);

}  // namespace e2e
