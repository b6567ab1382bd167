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
#include "support/mysql_runs.hpp"
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
