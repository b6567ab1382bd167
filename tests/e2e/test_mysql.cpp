// MySQL/MariaDB, end to end: the real dbtest executable, the suite binary
// suites/mysql_suite.cpp, and the real throwaway server of
// ci/mysql-server.sh (the DBTEST_TEST_MYSQL_* variables).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <boost/process.hpp>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cctype>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <set>
#include <thread>

#include "support/dbtest_run.hpp"
#include "support/mysql_server.hpp"
#include "support/ownership_markers.hpp"

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::StartsWith;

namespace e2e {
namespace {

namespace bp = boost::process;
namespace fs = std::filesystem;

const char kPassword[] = "dbtest-secret";


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
                     std::vector<std::string> more = {}) {
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
std::string own_account(const MysqlServer& my, const std::string& prefix = own_database_name()) {
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

// ---------------------------------------------------------------------------
// Copies

TEST(Mysql, CopiesEveryObjectKindExactly) {
  E2E_REQUIRE_MYSQL(my);
  Sandbox box;
  // Three suites on three workers (they wait for each other), each comparing
  // its own copy with the kept template: every table's SHOW CREATE TABLE,
  // rows and checksum, every view, routine, trigger and event, the counts.
  auto r = run_dbtest(box, my_args(my.url, {"-v", "--keepdb", "-j", "3", "--migrations", migrations("my_objects"),
                                            "--filter", "Copy*", "--", suite("mysql_suite")}),
                      meeting(box, 3));
  EXPECT_EQ(r.exit_code, 0) << r.all();
  EXPECT_EQ(last_line(r.out), "21 passed, 0 failed, 0 skipped") << r.all();
  EXPECT_THAT(r.out, HasSubstr("on 3 workers (mysql)"));
  const auto checked = copies(r);
  EXPECT_EQ(checked.size(), 3u) << r.out;
  EXPECT_EQ(distinct(checked).size(), 3u) << r.out;
  for (const auto& [suite_name, copy] : checked) EXPECT_THAT(copy, StartsWith(own_database_name() + "_")) << suite_name;
  // The copies are gone, the kept template stays.
  EXPECT_THAT(databases_like(my, own_database_name()), ElementsAre(kept_template(my)));
  drop_kept_templates(my);
  EXPECT_TRUE(box.leftovers().empty());
}

TEST(Mysql, ObjectsWorkInTheCopy) {
  E2E_REQUIRE_MYSQL(my);
  Sandbox box;
  auto r = run_dbtest(box, my_args(my.url, {"-j", "2", "--migrations", migrations("my_objects"), "--filter",
                                            "Objects.*", "--", suite("mysql_suite")}));
  EXPECT_EQ(r.exit_code, 0) << r.all();
  EXPECT_EQ(last_line(r.out), "10 passed, 0 failed, 0 skipped") << r.all();
  EXPECT_THAT(databases_like(my, own_database_name()), IsEmpty());
}

TEST(Mysql, ViewNamedLikeAColumnOfAnotherViewIsCopied) {
  E2E_REQUIRE_MYSQL(my);
  Sandbox box;
  // A valid template: per_customer has a column named busy_customers, and
  // the view busy_customers reads per_customer. The copy must make
  // per_customer first.
  auto r = run_dbtest(box, my_args(my.url, {"--migrations", migrations("my_view_named_like_a_column"), "--filter",
                                            "CopyA.*-CopyA.HoldsEveryKindOfObject", "--", suite("mysql_suite")}));
  EXPECT_EQ(r.exit_code, 0) << r.all();
  EXPECT_EQ(last_line(r.out), "6 passed, 0 failed, 0 skipped") << r.all();
  EXPECT_THAT(databases_like(my, own_database_name()), IsEmpty());
}

TEST(Mysql, ViewsOfTheCopyAreNotMadeUnderARoutinesSqlMode) {
  E2E_REQUIRE_MYSQL(my);
  Sandbox box;
  // The template's view windows_paths shows C:\temp. Made after a function
  // whose sql_mode has NO_BACKSLASH_ESCAPES, under that mode, the copy's
  // shows C:\\temp: CodeObjectsAreIdentical and RowsAreIdentical compare.
  auto r = run_dbtest(box, my_args(my.url, {"--keepdb", "--migrations", migrations("my_view_after_routine_sql_mode"),
                                            "--filter", "CopyA.*-CopyA.HoldsEveryKindOfObject", "--", suite("mysql_suite")}));
  EXPECT_EQ(r.exit_code, 0) << r.all();
  EXPECT_EQ(last_line(r.out), "6 passed, 0 failed, 0 skipped") << r.all();
  EXPECT_EQ(mysql_query(my, kept_template(my), "SELECT HEX(path) FROM windows_paths"), "433A5C74656D70\n");  // C:\temp
  EXPECT_THAT(databases_like(my, own_database_name()), ElementsAre(kept_template(my)));
  drop_kept_templates(my);
}

TEST(Mysql, SequencesAndPackagesContinueInEveryCopyWhereTheTemplateStood) {
  E2E_REQUIRE_MYSQL(my);
  Sandbox box;
  // Three suites on three workers, each on a copy of its own, each taking
  // the next values the template would give. The second run reuses the kept
  // template: reading where its sequences stand for the first run's copies
  // left them there.
  const auto run = [&] {
    fs::remove_all(box.root() / "meet");
    return run_dbtest(box, my_args(my.url, {"-v", "--keepdb", "-j", "3", "--migrations", migrations("my_sequences"),
                                            "--filter", "Sequences*", "--", suite("mysql_suite")}),
                      meeting(box, 3));
  };
  auto first = run();
  EXPECT_EQ(first.exit_code, 0) << first.all();
  EXPECT_EQ(last_line(first.out), "9 passed, 0 failed, 0 skipped") << first.all();
  EXPECT_EQ(distinct(copies(first)).size(), 3u) << first.out;
  auto second = run();
  EXPECT_EQ(second.exit_code, 0) << second.all();
  EXPECT_THAT(second.out, HasSubstr("reusing the kept mysql template"));
  EXPECT_EQ(last_line(second.out), "9 passed, 0 failed, 0 skipped") << second.all();
  const std::string kept = kept_template(my);
  EXPECT_EQ(mysql_query(my, kept, "SELECT NEXTVAL(ticket_numbers), NEXTVAL(countdown)"), "120\t8\n");
  // A sequence altered by hand changes the schema digest: the template is
  // built again, and its copies give the values of the migrations again.
  mysql_query(my, kept, "ALTER SEQUENCE countdown INCREMENT BY -2");
  auto third = run();
  EXPECT_EQ(third.exit_code, 0) << third.all();
  EXPECT_THAT(third.out, HasSubstr("rebuilding the kept mysql template: the kept template's schema was changed by hand"));
  EXPECT_EQ(last_line(third.out), "9 passed, 0 failed, 0 skipped") << third.all();
  EXPECT_THAT(databases_like(my, own_database_name()), ElementsAre(kept));
  drop_kept_templates(my);
}

TEST(Mysql, SequencesAndPackagesAreCopiedExactly) {
  E2E_REQUIRE_MYSQL(my);
  Sandbox box;
  // The copy against the kept template: SHOW CREATE SEQUENCE of each
  // sequence, SHOW CREATE PACKAGE and PACKAGE BODY, the table whose default
  // takes NEXTVAL, and the counts of every kind.
  auto r = run_dbtest(box, my_args(my.url, {"--keepdb", "--migrations", migrations("my_sequences"), "--filter",
                                            "CopyA.*-CopyA.HoldsEveryKindOfObject", "--", suite("mysql_suite")}));
  EXPECT_EQ(r.exit_code, 0) << r.all();
  EXPECT_EQ(last_line(r.out), "6 passed, 0 failed, 0 skipped") << r.all();
  EXPECT_EQ(mysql_query(my, kept_template(my),
                        "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() "
                        "AND TABLE_TYPE = 'SEQUENCE'"),
            "5\n");
  drop_kept_templates(my);
}

TEST(Mysql, AWorkerThatCrashesGetsAFreshCopy) {
  E2E_REQUIRE_MYSQL(my);
  Sandbox box;
  // The first test commits a row and aborts its worker; the next test runs
  // on a new worker, on a new copy of the same slot, without that row.
  auto r = run_dbtest(box, my_args(my.url, {"-v", "-j", "1", "--migrations", migrations("my_objects"), "--filter",
                                            "Crash.*", "--", suite("mysql_suite")}),
                      {{"MYSQL_SUITE_CRASH", "1"}});
  EXPECT_EQ(r.exit_code, 1) << r.all();
  EXPECT_THAT(r.out, HasSubstr("Crash.CommitsRowsThenDies"));
  EXPECT_THAT(r.out, HasSubstr("PASSED Crash.RunsOnAFreshCopy"));
  const auto used = copies(r);
  EXPECT_EQ(used.size(), 2u) << r.out;
  EXPECT_THAT(databases_like(my, own_database_name()), IsEmpty());
  EXPECT_TRUE(box.leftovers().empty());
}

// ---------------------------------------------------------------------------
// Isolation

TEST(Mysql, FourWorkersDoNotSeeEachOthersCommittedRows) {
  E2E_REQUIRE_MYSQL(my);
  Sandbox box;
  // The default names: test_app_<run id>_<slot>. Four suites commit rows and
  // keep them, then wait until all four have, then count.
  auto env = meeting(box, 4);
  env["MYSQL_SUITE_KEEP_ROWS"] = "1";
  auto r = run_dbtest(box, {"-v", "--backend", "mysql", "--database-url", my.url, "-j", "4", "--migrations",
                            migrations("my_objects"), "--filter",
                            "Apples.*:Pears.*:Plums.*:Cherries.*:Rollback.*:Env.*", "--", suite("mysql_suite")},
                      env);
  EXPECT_EQ(r.exit_code, 0) << r.all();
  EXPECT_EQ(last_line(r.out), "7 passed, 0 failed, 0 skipped") << r.all();
  EXPECT_THAT(r.out, HasSubstr("on 4 workers (mysql)"));
  auto checked = copies(r);
  ASSERT_EQ(checked.size(), 5u) << r.out;  // four isolation suites and Env
  checked.erase("Env");
  EXPECT_EQ(distinct(checked).size(), 4u) << r.out;
  for (const auto& [suite_name, copy] : checked) EXPECT_THAT(copy, MatchesRegex("test_app_[0-9a-f]{12}_[1-4]"));
  EXPECT_THAT(databases_like(my, run_prefix(checked.begin()->second)), IsEmpty());
  EXPECT_TRUE(box.leftovers().empty());
}

TEST(Mysql, CollidingSuitesFailOnOneSharedDatabase) {
  E2E_REQUIRE_MYSQL(my);
  // The proof that the isolation suites can fail: on one shared database,
  // the rows one suite committed are there when the next one counts.
  drop_database(my, own_database_name());
  mysql_query(my, "", "CREATE DATABASE " + own_database_name());
  mysql_query(my, own_database_name(), "CREATE TABLE audit_log (id INT AUTO_INCREMENT PRIMARY KEY, message VARCHAR(200) NOT NULL)");
  Sandbox box;
  const std::map<std::string, std::string> shared{{"DBTEST_BACKEND", "mysql"},
                                                  {"DBTEST_DATABASE_URL", with_database(my.url, own_database_name())},
                                                  {"MYSQL_SUITE_KEEP_ROWS", "1"}};
  auto apples = run_command(suite("mysql_suite"), {"--gtest_filter=Apples.*"}, shared, box.root());
  auto pears = run_command(suite("mysql_suite"), {"--gtest_filter=Pears.*"}, shared, box.root());
  drop_database(my, own_database_name());
  EXPECT_EQ(apples.exit_code, 0) << apples.all();
  EXPECT_NE(pears.exit_code, 0);
  EXPECT_THAT(pears.out, HasSubstr("rows of another suite are visible"));
}

TEST(Mysql, UnixSocketUrlWorks) {
  E2E_REQUIRE_MYSQL(my);
  Sandbox box;
  auto r = run_dbtest(box, my_args(my.socket_url, {"-v", "-j", "2", "--migrations", migrations("my_objects"), "--filter",
                                                   "CopyA.*:Env.*:Rollback.*", "--", suite("mysql_suite")}),
                      {{"MYSQL_SUITE_SOCKET", "1"}, {"MYSQL_SUITE_DB_PREFIX", own_database_name() + "_"}});
  EXPECT_EQ(r.exit_code, 0) << r.all();
  EXPECT_EQ(last_line(r.out), "10 passed, 0 failed, 0 skipped") << r.all();
  EXPECT_THAT(databases_like(my, own_database_name()), IsEmpty());
  auto cleanup = run_dbtest(box, {"cleanup", "--dry-run", "--backend", "mysql", "--database-url", my.socket_url});
  EXPECT_EQ(cleanup.exit_code, 0) << cleanup.all();
  EXPECT_THAT(r.all() + cleanup.all(), Not(HasSubstr(kPassword)));
}

// The template built by a command of the user's own instead of a folder:
// here the mariadb client, reading the URL dbtest hands it.
TEST(Mysql, MigrateCommandBuildsTheTemplate) {
  E2E_REQUIRE_MYSQL(my);
  Sandbox box;
  const std::string command =
      "u=${DBTEST_DATABASE_URL#mysql://}; creds=${u%%@*}; rest=${u#*@}; hostport=${rest%%/*}; "
      "cat \"$1\"/*.sql | mariadb --no-defaults --default-character-set=utf8mb4 -h \"${hostport%%:*}\" -P \"${hostport#*:}\" "
      "-u \"${creds%%:*}\" -p\"${creds#*:}\" \"${rest#*/}\"";
  const auto script = box.root() / "migrate.sh";
  std::ofstream(script) << command << "\n";
  auto r = run_dbtest(box, my_args(my.url, {"-v", "--migrate-cmd", "bash " + script.string() + " " +
                                                                          migrations("my_objects"),
                                            // dbtest_migrations records the files of --migrations only.
                                            "--filter", "Objects.*-Objects.MigrationsAreRecorded", "--",
                                            suite("mysql_suite")}),
                      {{"MYSQL_SUITE_DB_PREFIX", own_database_name() + "_"}});
  EXPECT_EQ(r.exit_code, 0) << r.all();
  EXPECT_EQ(last_line(r.out), "9 passed, 0 failed, 0 skipped") << r.all();
  EXPECT_THAT(r.all(), Not(HasSubstr(kPassword)));
  EXPECT_THAT(databases_like(my, own_database_name()), IsEmpty());
}

// ---------------------------------------------------------------------------
// --keepdb

TEST(Mysql, KeepdbReusesTheTemplateUntilAMigrationChanges) {
  E2E_REQUIRE_MYSQL(my);
  Sandbox box;
  const auto dir = box.root() / "migrations";
  fs::copy(migrations("my_objects"), dir);
  // CopyA compares the copy with the kept template, every time.
  const auto run = [&] {
    return run_dbtest(box, my_args(my.url, {"--keepdb", "--migrations", dir.string(), "--filter", "CopyA.*", "--",
                                            suite("mysql_suite")}));
  };
  auto first = run();
  EXPECT_EQ(first.exit_code, 0) << first.all();
  EXPECT_THAT(first.out, HasSubstr("migrated 3 files into the mysql template"));
  const std::string original = kept_template(my);
  EXPECT_THAT(databases_like(my, own_database_name()), ElementsAre(original));

  auto second = run();
  EXPECT_EQ(second.exit_code, 0) << second.all();
  EXPECT_THAT(second.out, HasSubstr("reusing the kept mysql template"));
  EXPECT_THAT(second.out, Not(HasSubstr("migrated")));

  // Other migrations: a template of their own, beside the first. Last use
  // is kept to the second, and the most recently used is compared with.
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  std::ofstream(dir / "0003_code.sql", std::ios::app) << "\nCREATE INDEX audit_log_by_message ON audit_log (message);\n";
  auto third = run();
  EXPECT_EQ(third.exit_code, 0) << third.all();
  EXPECT_THAT(third.out, HasSubstr("keeping a new mysql template beside the kept ones: migrations changed: 0003_code.sql "
                                   "(since " + original + ")"));
  EXPECT_THAT(third.out, HasSubstr("migrated 3 files"));

  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  std::ofstream(dir / "0004_more.sql") << "INSERT INTO audit_log (message) VALUES ('seeded by 0004');\n";
  auto fourth = run();
  EXPECT_EQ(fourth.exit_code, 0) << fourth.all();
  EXPECT_THAT(fourth.out, HasSubstr("keeping a new mysql template beside the kept ones: migrations added: 0004_more.sql"));
  EXPECT_THAT(fourth.out, HasSubstr("migrated 4 files"));
  const auto all = kept_templates(my);
  ASSERT_EQ(all.size(), 3u);

  // Someone alters the kept template by hand: the schema digest notices.
  std::string current;
  for (const auto& name : all) {
    if (mysql_query(my, "", "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = '" + name +
                                "' AND TABLE_NAME = 'audit_log'") == "1\n" &&
        mysql_query(my, name, "SELECT COUNT(*) FROM audit_log WHERE message = 'seeded by 0004'") == "1\n") {
      current = name;
    }
  }
  ASSERT_FALSE(current.empty());
  mysql_query(my, current, "CREATE TABLE sneaky (id INT)");
  auto fifth = run();
  EXPECT_EQ(fifth.exit_code, 0) << fifth.all();
  EXPECT_THAT(fifth.out, HasSubstr("rebuilding the kept mysql template: the kept template's schema was changed by hand"));
  EXPECT_EQ(mysql_query(my, "", "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = '" + current +
                                    "' AND TABLE_NAME = 'sneaky'"),
            "0\n");

  EXPECT_EQ(kept_templates(my), all);
  drop_kept_templates(my);
}

TEST(Mysql, KeptTemplatesSwitchingMigrationsBackAndForthReusesEachOnesTemplate) {
  E2E_REQUIRE_MYSQL(my);
  Sandbox box;
  auto a = keepdb_run(my, box, "a");
  EXPECT_EQ(a.exit_code, 0) << a.all();
  EXPECT_THAT(a.out, HasSubstr("migrated 3 files"));
  auto b = keepdb_run(my, box, "b");
  EXPECT_EQ(b.exit_code, 0) << b.all();
  EXPECT_THAT(b.out, HasSubstr("migrated 4 files"));
  EXPECT_EQ(kept_templates(my).size(), 2u);
  // Back to A: its template is still there, and nothing is migrated.
  auto again = keepdb_run(my, box, "a");
  EXPECT_EQ(again.exit_code, 0) << again.all();
  EXPECT_THAT(again.out, HasSubstr("reusing the kept mysql template"));
  EXPECT_THAT(again.out, Not(HasSubstr("migrated")));
  EXPECT_EQ(kept_templates(my).size(), 2u);
  drop_kept_templates(my);
}

TEST(Mysql, KeepTemplatesDropsTheLeastRecentlyUsedBeyondTheLimit) {
  E2E_REQUIRE_MYSQL(my);
  Sandbox box;
  EXPECT_EQ(keepdb_run(my, box, "a", {"--keep-templates", "2"}).exit_code, 0);
  const std::string a = kept_template(my);
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));  // last use is kept to the second
  EXPECT_EQ(keepdb_run(my, box, "b", {"--keep-templates", "2"}).exit_code, 0);
  EXPECT_EQ(kept_templates(my).size(), 2u);
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  auto c = keepdb_run(my, box, "c", {"--keep-templates", "2"});
  EXPECT_EQ(c.exit_code, 0) << c.all();
  EXPECT_THAT(c.out, HasSubstr("dropped the kept template " + a));
  const auto kept = kept_templates(my);
  EXPECT_EQ(kept.size(), 2u);
  EXPECT_THAT(kept, Not(::testing::Contains(a)));
  drop_kept_templates(my);
}

TEST(Mysql, CleanupTemplatesListsThenDropsTheKeptTemplates) {
  E2E_REQUIRE_MYSQL(my);
  Sandbox box;
  EXPECT_EQ(keepdb_run(my, box, "a").exit_code, 0);
  EXPECT_EQ(keepdb_run(my, box, "b").exit_code, 0);
  const auto kept = kept_templates(my);
  ASSERT_EQ(kept.size(), 2u);
  // Plain cleanup leaves kept templates alone.
  EXPECT_EQ(run_dbtest(box, {"cleanup", "--backend", "mysql", "--database-url", my.url}).exit_code, 0);
  EXPECT_EQ(kept_templates(my), kept);

  auto listed = cleanup_templates(my, box, true);
  EXPECT_EQ(listed.exit_code, 0) << listed.all();
  for (const auto& name : kept) EXPECT_THAT(listed.out, HasSubstr("would drop " + name + ": kept mysql template, last used "));
  EXPECT_THAT(listed.out, HasSubstr("found 2 kept templates"));
  EXPECT_EQ(kept_templates(my), kept);

  auto dropped = cleanup_templates(my, box, false);
  EXPECT_EQ(dropped.exit_code, 0) << dropped.all();
  for (const auto& name : kept) EXPECT_THAT(dropped.out, HasSubstr("dropped " + name + ": kept mysql template"));
  EXPECT_THAT(dropped.out, HasSubstr("dropped 2 kept templates"));
  EXPECT_THAT(databases_like(my, own_database_name()), IsEmpty());
}

// A run that copies from a kept template holds it: neither another run's
// pruning nor `dbtest cleanup --templates` drops it meanwhile.
TEST(Mysql, AKeptTemplateALiveRunCopiesFromIsNeitherPrunedNorCleanedUp) {
  E2E_REQUIRE_MYSQL(my);
  Sandbox box, live_box;
  EXPECT_EQ(keepdb_run(my, box, "a").exit_code, 0);
  const std::string a = kept_template(my);
  const auto pid_file = box.root() / "paused.pid";
  RunOutput live;
  std::thread running([&] {
    live = run_dbtest(live_box, my_args(my.url, {"--keepdb", "--migrations", migration_set(box, "a").string(), "-j",
                                                 "1", "--filter", "Apples.*", "--", suite("mysql_suite")}),
                      {{"MYSQL_SUITE_PAUSE_MS", "6000"}, {"MYSQL_SUITE_PAUSE_FILE", pid_file.string()},
                       {"MYSQL_SUITE_DB_PREFIX", own_database_name() + "_"}});
  });
  // Its copy exists and its test sleeps: it has decided on its template.
  EXPECT_FALSE(wait_for_pid(pid_file).empty());
  auto b = keepdb_run(my, box, "b", {"--keep-templates", "1"});
  EXPECT_EQ(b.exit_code, 0) << b.all();
  EXPECT_THAT(b.out, HasSubstr("left the kept template " + a + " beyond --keep-templates 1: another run is using it"));
  auto cleanup = cleanup_templates(my, box, false);
  EXPECT_EQ(cleanup.exit_code, 0) << cleanup.all();
  EXPECT_THAT(cleanup.out, HasSubstr("skipped " + a + ": kept mysql template"));
  EXPECT_THAT(cleanup.out, HasSubstr("a live run is using it"));
  EXPECT_THAT(cleanup.out, HasSubstr("dropped 1 kept template, skipped 1 in use"));
  EXPECT_THAT(kept_templates(my), ElementsAre(a));
  running.join();
  EXPECT_EQ(live.exit_code, 0) << live.all();
  EXPECT_THAT(live.out, HasSubstr("reusing the kept mysql template"));
  // Once the run is over, the template may go.
  auto after = cleanup_templates(my, box, false);
  EXPECT_THAT(after.out, HasSubstr("dropped " + a));
  EXPECT_THAT(databases_like(my, own_database_name()), IsEmpty());
}

// ---------------------------------------------------------------------------
// Runs at the same time

TEST(Mysql, TwoRunsAtOnceDoNotCollide) {
  E2E_REQUIRE_MYSQL(my);
  Sandbox box_a, box_b;
  const auto args = my_args(my.url, {"-j", "2", "--migrations", migrations("my_objects"), "--filter",
                                     "Apples.*:Pears.*:Rollback.*:Env.*", "--", suite("mysql_suite")});
  auto keep_args = args;
  keep_args.insert(keep_args.begin(), "--keepdb");
  const std::map<std::string, std::string> env{{"MYSQL_SUITE_DB_PREFIX", own_database_name() + "_"}};
  RunOutput a, b;
  std::thread first([&] { a = run_dbtest(box_a, args, env); });
  b = run_dbtest(box_b, keep_args, env);
  first.join();
  EXPECT_EQ(a.exit_code, 0) << a.all();
  EXPECT_EQ(b.exit_code, 0) << b.all();
  EXPECT_EQ(last_line(a.out), "5 passed, 0 failed, 0 skipped") << a.all();
  EXPECT_EQ(last_line(b.out), "5 passed, 0 failed, 0 skipped") << b.all();
  EXPECT_THAT(databases_like(my, own_database_name()), ElementsAre(kept_template(my)));
  drop_kept_templates(my);
}

TEST(Mysql, TwoKeepdbRunsAtOnceBuildTheTemplateOnce) {
  E2E_REQUIRE_MYSQL(my);
  Sandbox box_a, box_b;
  const auto args = my_args(my.url, {"--keepdb", "-j", "2", "--migrations", migrations("my_objects"), "--filter",
                                     "CopyA.*:CopyB.*", "--", suite("mysql_suite")});
  RunOutput a, b;
  std::thread first([&] { a = run_dbtest(box_a, args); });
  b = run_dbtest(box_b, args);
  first.join();
  EXPECT_EQ(a.exit_code, 0) << a.all();
  EXPECT_EQ(b.exit_code, 0) << b.all();
  // One run builds the template while the other waits, then reuses it.
  const int built = (a.out.find("migrated 3 files") != std::string::npos) +
                    (b.out.find("migrated 3 files") != std::string::npos);
  const int reused = (a.out.find("reusing the kept mysql template") != std::string::npos) +
                     (b.out.find("reusing the kept mysql template") != std::string::npos);
  EXPECT_EQ(built, 1) << a.all() << b.all();
  EXPECT_EQ(reused, 1) << a.all() << b.all();
  EXPECT_THAT(databases_like(my, own_database_name()), ElementsAre(kept_template(my)));
  drop_kept_templates(my);
}

// ---------------------------------------------------------------------------
// dbtest cleanup

TEST(Mysql, CleanupDropsOnlyMarkedDatabasesOfRunsThatAreGone) {
  E2E_REQUIRE_MYSQL(my);
  Sandbox box;
  const std::string base = own_database_name();
  const std::string url = own_account(my);
  const long long gone = dead_pid();
  const std::string gone_run = "dead" + std::to_string(gone % 100000000);  // no other run has this id
  for (const auto& name : databases_like(my, base)) drop_database(my, name);
  // What a killed run leaves: a clone, a template still being built, and a
  // clone killed between its CREATE DATABASE and its marker.
  const std::string gone_clone = base + "_" + gone_run + "_1";
  const std::string gone_template = base + "_" + gone_run;
  const std::string gone_unmarked_clone = base + "_" + gone_run + "_2";
  make_marked_database(my, gone_clone, marker(gone_run, gone, "clone"));
  make_marked_database(my, gone_template, marker(gone_run, gone, "template", "\"fingerprint\":\"building\","));
  mysql_query(my, "", "CREATE DATABASE `" + gone_unmarked_clone + "`");
  // What must stay: a kept template of the gone run (meant to outlive it), a
  // database of a run that is alive (this process), a database without a
  // marker, and one whose dbtest_meta holds something else.
  const std::string kept_template = base;
  const std::string live_clone = base + "_live0000_1";
  const std::string foreign = base + "_foreign";
  const std::string not_a_marker = base + "_notmarker";
  make_marked_database(my, kept_template, marker(gone_run, gone, "template", "\"fingerprint\":\"abc\","));
  make_marked_database(my, live_clone, marker("live0000", ::getpid(), "clone"));
  mysql_query(my, "", "CREATE DATABASE `" + foreign + "`");
  mysql_query(my, foreign, "CREATE TABLE orders (id INT)");
  make_marked_database(my, not_a_marker, "dbtest:{\"run\":\"" + gone_run + "\"");

  // A run notices them.
  auto run = run_dbtest(box, my_args(url, {"--migrations", migrations("my_objects"), "--filter", "Rollback.*", "--",
                                           suite("mysql_suite")}));
  EXPECT_EQ(run.exit_code, 0) << run.all();
  EXPECT_THAT(run.out, HasSubstr("found 3 databases left by runs that are gone"));

  const std::vector<std::string> cleanup_args = {"cleanup", "--backend", "mysql", "--database-url", url};
  auto dry = run_dbtest(box, {"cleanup", "--dry-run", "--backend", "mysql", "--database-url", url});
  EXPECT_EQ(dry.exit_code, 0) << dry.all();
  EXPECT_THAT(dry.out, HasSubstr("would drop " + gone_clone + ": clone of run " + gone_run));
  EXPECT_THAT(dry.out, HasSubstr("would drop " + gone_template + ": template of run " + gone_run));
  EXPECT_THAT(dry.out, HasSubstr("would drop " + gone_unmarked_clone + ": clone of run " + gone_run));
  EXPECT_EQ(databases_like(my, base).size(), 7u);

  auto cleanup = run_dbtest(box, cleanup_args);
  EXPECT_EQ(cleanup.exit_code, 0) << cleanup.all();
  EXPECT_THAT(cleanup.out, HasSubstr("dropped " + gone_clone));
  EXPECT_THAT(cleanup.out, HasSubstr("dropped " + gone_template));
  EXPECT_THAT(cleanup.out, HasSubstr("dropped " + gone_unmarked_clone));
  for (const auto& kept : {kept_template, live_clone, foreign, not_a_marker}) {
    EXPECT_THAT(cleanup.out, Not(HasSubstr(kept + ":"))) << kept;
    EXPECT_THAT(dry.out, Not(HasSubstr(kept + ":"))) << kept;
  }
  EXPECT_THAT(databases_like(my, base), ElementsAre(kept_template, foreign, live_clone, not_a_marker));
  EXPECT_THAT(dry.all() + cleanup.all() + run.all(), Not(HasSubstr(kPassword)));

  // Once the live run is gone, its database goes too.
  mysql_query(my, live_clone, "UPDATE dbtest_meta SET marker = '" + marker("live0000", gone, "clone") + "'");
  auto again = run_dbtest(box, cleanup_args);
  EXPECT_EQ(again.exit_code, 0) << again.all();
  EXPECT_THAT(again.out, HasSubstr("dropped " + live_clone));
  EXPECT_THAT(databases_like(my, base), ElementsAre(kept_template, foreign, not_a_marker));
  EXPECT_THAT(again.all(), Not(HasSubstr("own-secret")));
  for (const auto& name : databases_like(my, base)) drop_database(my, name);
  drop_own_account(my);
}

TEST(Mysql, LeftoversOfAKilledRunAreReportedAndCleanedUp) {
  E2E_REQUIRE_MYSQL(my);
  Sandbox box;
  const std::string url = own_account(my);
  const auto pid_file = box.root() / "hanging.pid";
  bp::environment env = boost::this_process::environment();
  env[test_os::temp_folder_variable()] = box.tmp().string();
  env["FAULT_MODE"] = "hang";
  env["FAULT_PID_FILE"] = pid_file.string();
  auto args = my_args(url, {"--state-dir", box.state().string(), "-j", "1", "--migrations", migrations("portable"),
                            "--", suite("fault_suite")});
  bp::child victim(dbtest_exe(), bp::args(args), env, bp::std_out > bp::null, bp::std_err > bp::null);
  const std::string pid = wait_for_pid(pid_file);
  ASSERT_FALSE(pid.empty());
  ::kill(victim.id(), SIGKILL);  // the master dies; nothing cleans up
  victim.wait();
  ::kill(std::stoi(pid), SIGKILL);
  const auto left = databases_like(my, own_database_name());
  ASSERT_EQ(left.size(), 2u);  // the template and the worker's copy
  EXPECT_THAT(left[1], StartsWith(left[0] + "_"));

  auto next = run_dbtest(box, my_args(url, {"--migrations", migrations("my_objects"), "--filter", "Rollback.*", "--",
                                            suite("mysql_suite")}));
  EXPECT_EQ(next.exit_code, 0) << next.all();
  EXPECT_THAT(next.out, HasSubstr("found 2 databases left by runs that are gone (" + left[0]));
  auto cleanup = run_dbtest(box, {"cleanup", "--backend", "mysql", "--database-url", url});
  EXPECT_EQ(cleanup.exit_code, 0) << cleanup.all();
  EXPECT_THAT(cleanup.out, HasSubstr("dropped " + left[0] + ": template of run"));
  EXPECT_THAT(cleanup.out, HasSubstr("dropped " + left[1] + ": clone of run"));
  EXPECT_THAT(databases_like(my, own_database_name()), IsEmpty()) << next.all() << cleanup.all();
  drop_own_account(my);
}

TEST(Mysql, NeverTouchesADatabaseWithoutItsMarker) {
  E2E_REQUIRE_MYSQL(my);
  Sandbox box;
  // A run learns the kept template's name; then a database of that name
  // appears that looks like a kept template, but is not dbtest's.
  const auto args = my_args(my.url, {"--keepdb", "--migrations", migrations("my_objects"), "--filter", "Rollback.*",
                                     "--", suite("mysql_suite")});
  run_dbtest(box, args);
  const std::string name = kept_template(my);
  drop_kept_templates(my);
  mysql_query(my, "", "CREATE DATABASE " + name);
  mysql_query(my, name, "CREATE TABLE precious (id INT); INSERT INTO precious VALUES (1)");
  auto r = run_dbtest(box, args);
  expect_one_line_error(r, "database " + name + " exists but was not made by dbtest; dbtest will not touch it", kPassword);
  auto templates = cleanup_templates(my, box, false);
  EXPECT_THAT(templates.out, Not(HasSubstr(name)));
  EXPECT_EQ(mysql_query(my, name, "SELECT COUNT(*) FROM precious"), "1\n");
  EXPECT_THAT(databases_like(my, own_database_name()), ElementsAre(name));
  drop_database(my, name);
}

TEST(Mysql, LookingForLeftoversCopesWithDatabasesDroppedMeanwhile) {
  E2E_REQUIRE_MYSQL(my);
  Sandbox box;
  // Other runs create and drop their marked databases all the time. Every
  // run, and `dbtest cleanup`, lists the marked databases first; one that
  // goes between the listing and the reading of its marker must not stop
  // them. (The churn is under churn_*, which only this test's account sees,
  // so that the runs of other tests do not meet it.)
  const std::string churn = "churn_" + own_database_name().substr(5);
  const std::string url = own_account(my, churn);
  std::string script;
  for (int i = 0; i < 100; ++i) {
    for (const char* n : {"_a", "_b"}) {
      const std::string db = "`" + churn + n + "`";
      script += "CREATE DATABASE " + db + "; CREATE TABLE " + db + ".dbtest_meta (marker TEXT NOT NULL); INSERT INTO " +
                db + ".dbtest_meta VALUES ('" + marker("churn0000000", ::getpid(), "clone") + "'); ";
    }
    for (const char* n : {"_a", "_b"}) script += "DROP DATABASE `" + churn + n + "`; ";
  }
  std::atomic<bool> churning{true};
  std::thread churner([&] {
    mysql_query(my, "", script);
    churning = false;
  });
  int looked = 0, failed = 0;
  std::string first_failure;
  while (churning && looked < 200) {
    auto r = run_dbtest(box, {"cleanup", "--dry-run", "--backend", "mysql", "--database-url", url});
    ++looked;
    if (r.exit_code != 0 && failed++ == 0) first_failure = r.all();
  }
  churner.join();
  EXPECT_GT(looked, 5);
  EXPECT_EQ(failed, 0) << failed << " of " << looked << " looks failed, the first with: " << first_failure;
  EXPECT_THAT(databases_like(my, churn), IsEmpty());
  drop_own_account(my);
}

// ---------------------------------------------------------------------------
// Bad input: one line, exit status 2, no password, nothing left.

TEST(Mysql, UnreachableServerIsOneLineExitTwo) {
  E2E_REQUIRE_MYSQL(my);
  Sandbox box;
  // Nothing listens on port 1. The connector's own text ends in "(115)",
  // EINPROGRESS, which says nothing: the line says what happened.
  auto r = run_dbtest(box, my_args("mysql://dbtest:dbtest-secret@127.0.0.1:1/app",
                                   {"--migrations", migrations("my_objects"), "--", suite("mysql_suite")}));
  expect_one_line_error(r,
                        "cannot connect to mysql://dbtest:***@127.0.0.1:1/app: connection to server at \"127.0.0.1\", "
                        "port 1 failed: Connection refused; is the server running on that host and accepting TCP/IP "
                        "connections?",
                        kPassword);
  EXPECT_THAT(r.err, Not(HasSubstr("(115)")));
  EXPECT_THAT(databases_like(my, own_database_name()), IsEmpty());
  EXPECT_TRUE(box.leftovers().empty());
}

TEST(Mysql, MissingSocketFileIsNamedInOneLine) {
  E2E_REQUIRE_MYSQL(my);
  Sandbox box;
  const std::string socket = (box.root() / "no-server.sock").string();
  auto r = run_dbtest(box, my_args("mysql://dbtest:dbtest-secret@localhost/app?socket=" + socket,
                                   {"--migrations", migrations("my_objects"), "--", suite("mysql_suite")}));
  expect_one_line_error(r,
                        ": connection to server on socket \"" + socket + "\" failed: No such file or directory; is the "
                        "server running locally and accepting connections on that socket?",
                        kPassword);
  EXPECT_THAT(databases_like(my, own_database_name()), IsEmpty());
  EXPECT_TRUE(box.leftovers().empty());
}

TEST(Mysql, HostNameThatDoesNotResolveIsNamedInOneLine) {
  E2E_REQUIRE_MYSQL(my);
  Sandbox box;
  // .invalid never resolves (RFC 2606); what the resolver adds depends on
  // the machine's network.
  auto r = run_dbtest(box, my_args("mysql://dbtest:dbtest-secret@no-such-host.invalid:3306/app",
                                   {"--migrations", migrations("my_objects"), "--", suite("mysql_suite")}));
  expect_one_line_error(r,
                        "cannot connect to mysql://dbtest:***@no-such-host.invalid:3306/app: could not translate host "
                        "name \"no-such-host.invalid\" to address: ",
                        kPassword);
  EXPECT_THAT(databases_like(my, own_database_name()), IsEmpty());
  EXPECT_TRUE(box.leftovers().empty());
}

TEST(Mysql, WrongPasswordIsRefusedWithoutShowingIt) {
  E2E_REQUIRE_MYSQL(my);
  Sandbox box;
  auto r = run_dbtest(box, my_args("mysql://dbtest:wrong-secret@127.0.0.1:" + my.port + "/app",
                                   {"--migrations", migrations("my_objects"), "--", suite("mysql_suite")}));
  expect_one_line_error(r, "cannot connect to mysql://dbtest:***@127.0.0.1:" + my.port + "/app: Access denied for user 'dbtest'", kPassword);
  EXPECT_THAT(r.all(), Not(HasSubstr("wrong-secret")));
  EXPECT_THAT(databases_like(my, own_database_name()), IsEmpty());
}

TEST(Mysql, AccountThatMayNotCreateDatabasesIsRefused) {
  E2E_REQUIRE_MYSQL(my);
  Sandbox box;
  auto r = run_dbtest(box, my_args(my.limited_url, {"--migrations", migrations("my_objects"), "--", suite("mysql_suite")}));
  expect_one_line_error(r, "not allowed creating template " + own_database_name() + "_", kPassword);
  EXPECT_THAT(r.err, HasSubstr("Access denied for user 'limited'"));
  EXPECT_THAT(r.all(), Not(HasSubstr("limited-secret")));
  EXPECT_THAT(databases_like(my, own_database_name()), IsEmpty());
}

TEST(Mysql, MigrationWithASyntaxErrorNamesTheFileAndLine) {
  E2E_REQUIRE_MYSQL(my);
  Sandbox box;
  auto r = run_dbtest(box, my_args(my.url, {"--migrations", migrations("my_broken_syntax"), "--", suite("mysql_suite")}));
  // The server says "at line 1" of the statement, which starts on line 5.
  expect_one_line_error(r, "migration " + migrations("my_broken_syntax") + "/0002_typo.sql, line 5: ", kPassword);
  EXPECT_THAT(r.err, HasSubstr("You have an error in your SQL syntax"));
  EXPECT_THAT(r.err, HasSubstr("near ' name TEXT)"));
  EXPECT_THAT(r.out, Not(HasSubstr("running")));
  EXPECT_THAT(databases_like(my, own_database_name()), IsEmpty());
  EXPECT_TRUE(box.leftovers().empty());
}

TEST(Mysql, ViewOnAMissingTableIsNamed) {
  E2E_REQUIRE_MYSQL(my);
  Sandbox box;
  // The migrations go through (MariaDB keeps a view whose table is dropped),
  // but no copy can make the view.
  auto r = run_dbtest(box, my_args(my.url, {"-j", "2", "--migrations", migrations("my_missing_table_view"), "--",
                                            suite("mysql_suite")}));
  expect_one_line_error(r, "view priced_products", kPassword);
  EXPECT_THAT(r.err, HasSubstr(".prices' doesn't exist"));
  EXPECT_THAT(databases_like(my, own_database_name()), IsEmpty());

  // A view on a table that never existed stops the migration itself.
  const auto dir = box.root() / "migrations";
  fs::create_directories(dir);
  std::ofstream(dir / "0001_view.sql") << "CREATE TABLE t (id INT);\n\nCREATE VIEW v AS SELECT id FROM no_such_table;\n";
  auto direct = run_dbtest(box, my_args(my.url, {"--migrations", dir.string(), "--", suite("mysql_suite")}));
  // The server does not say the line: the statement's first line it is.
  expect_one_line_error(direct, "0001_view.sql, statement starting at line 3: Table '", kPassword);
  EXPECT_THAT(direct.err, HasSubstr(".no_such_table' doesn't exist"));
  EXPECT_THAT(databases_like(my, own_database_name()), IsEmpty());
}

TEST(Mysql, TestDbNameOver64BytesIsRefused) {
  E2E_REQUIRE_MYSQL(my);
  Sandbox box;
  const std::string name = "test_" + std::string(60, 'x');  // 65 bytes
  auto r = run_dbtest(box, {"--backend", "mysql", "--database-url", my.url, "--test-db-name", name, "--keepdb", "--",
                            suite("mysql_suite")});
  expect_one_line_error(r, "--test-db-name '" + name + "' is longer than the server's limit of 64 bytes", kPassword);
  EXPECT_THAT(databases_like(my, "test_xxxxxxxxxx"), IsEmpty());
}

TEST(Mysql, TestDbNameOfExactly64BytesWorks) {
  E2E_REQUIRE_MYSQL(my);
  Sandbox box;
  const std::string name = "test_exactly_64_" + std::string(48, 'y');
  ASSERT_EQ(name.size(), 64u);
  auto r = run_dbtest(box, {"--backend", "mysql", "--database-url", my.url, "--test-db-name", name, "--keepdb", "-j",
                            "2", "--migrations", migrations("my_objects"), "--filter", "Rollback.*:Pears.*", "--",
                            suite("mysql_suite")});
  EXPECT_EQ(r.exit_code, 0) << r.all();
  // The kept template's name grows from the one given, shortened with a
  // hash to make room for the fingerprint's digits, within 64 bytes.
  const auto kept = databases_like(my, "test_exactly_64_");
  ASSERT_EQ(kept.size(), 1u);
  EXPECT_EQ(kept.front().size(), 64u);
  drop_database(my, kept.front());
}

TEST(Mysql, TestDbNameOfTheApplicationDatabaseIsRefused) {
  E2E_REQUIRE_MYSQL(my);
  Sandbox box;
  auto r = run_dbtest(box, {"--backend", "mysql", "--database-url", my.url, "--test-db-name", "app", "--keepdb", "--",
                            suite("mysql_suite")});
  expect_one_line_error(r, "the test database name 'app' would be the application's own database", kPassword);
  EXPECT_EQ(mysql_query(my, "", "SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = 'app'"), "1\n");
}

// A binary linked with GoogleTest alone reaches its copy through MYSQL_HOST,
// MYSQL_TCP_PORT or MYSQL_UNIX_PORT and DATABASE_URL, over TCP and over the
// socket, and workers do not see each other's rows.
TEST(Mysql, APlainBinaryFindsItsCopyThroughTheEnvironment) {
  E2E_REQUIRE_MYSQL(my);
  for (const auto& url : {my.url, my.socket_url}) {
    Sandbox box;
    auto r = run_dbtest(box, my_args(url, {"--parallel", "4", "--dist", "test", "--migrations", migrations("my_objects"),
                                           "--", suite("plain_mysql_suite")}));
    EXPECT_EQ(r.exit_code, 0) << r.all();
    EXPECT_EQ(last_line(r.out), "9 passed, 0 failed, 0 skipped") << url;
    EXPECT_THAT(r.all(), Not(HasSubstr(kPassword)));
    EXPECT_THAT(databases_like(my, own_database_name()), IsEmpty());
    EXPECT_TRUE(box.leftovers().empty());
  }
}

}  // namespace
}  // namespace e2e
