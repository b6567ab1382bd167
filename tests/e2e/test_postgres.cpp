// PostgreSQL, end to end, on the real throwaway server of ci/postgres-server.sh.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <boost/process.hpp>
#include <signal.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "support/dbtest_run.hpp"
#include "support/ownership_markers.hpp"
#include "support/postgres_server.hpp"

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

namespace e2e {
namespace {

namespace bp = boost::process;


std::vector<std::string> pg_args(const PostgresServer& pg, std::vector<std::string> more) {
  std::vector<std::string> args = {"--backend", "postgres", "--database-url", pg.url, "--test-db-name", own_database_name()};
  args.insert(args.end(), more.begin(), more.end());
  return args;
}

// Runs a --keepdb suite once so a kept template exists, then opens the
// template to connections, as someone poking at it by hand would. Returns
// the arguments that run it again.
std::vector<std::string> keep_a_template_and_open_it(const PostgresServer& pg, const Sandbox& box) {
  const auto args = pg_args(pg, {"--keepdb", "--migrations", migrations("pg_basic"), "--filter", "Clone.*", "--",
                                 suite("postgres_suite")});
  const auto first = run_dbtest(box, args);
  EXPECT_EQ(first.exit_code, 0) << first.all();
  psql(pg, "app", "ALTER DATABASE " + kept_template(pg) + " WITH ALLOW_CONNECTIONS true");
  return args;
}

void drop_kept_templates(const PostgresServer& pg) {
  for (const auto& name : kept_templates(pg)) {
    psql(pg, "app", "ALTER DATABASE " + name + " WITH IS_TEMPLATE false");
    psql(pg, "app", "DROP DATABASE " + name + " WITH (FORCE)");
  }
}

// Migration sets A, B and C: pg_basic, and pg_basic with one more file each.
std::filesystem::path migration_set(const Sandbox& box, const std::string& which) {
  const auto dir = box.root() / ("migrations_" + which);
  if (std::filesystem::exists(dir)) return dir;
  std::filesystem::copy(migrations("pg_basic"), dir);
  if (which != "a") std::ofstream(dir / ("0003_" + which + ".sql")) << "CREATE TABLE extra_" << which << " (id int);\n";
  return dir;
}

RunOutput keepdb_run(const PostgresServer& pg, const Sandbox& box, const std::string& which,
                     std::vector<std::string> more = {}, const std::map<std::string, std::string>& env = {}) {
  auto args = pg_args(pg, {"--keepdb", "--migrations", migration_set(box, which).string(), "--filter",
                           "Clone.LibpqDefaultsReachTheClone:Rollback.*"});
  args.insert(args.end(), more.begin(), more.end());
  args.insert(args.end(), {"--", suite("postgres_suite")});
  return run_dbtest(box, args, env);
}

RunOutput cleanup_templates(const PostgresServer& pg, const Sandbox& box, bool dry_run) {
  std::vector<std::string> args = {"cleanup", "--templates"};
  if (dry_run) args.push_back("--dry-run");
  args.insert(args.end(), {"--backend", "postgres", "--database-url", pg.url, "--test-db-name", own_database_name()});
  return run_dbtest(box, args);
}


TEST(Postgres, RunsInParallelOnOwnClonesAndLeavesNothing) {
  E2E_REQUIRE_POSTGRES(pg);
  Sandbox box;
  auto r = run_dbtest(box, pg_args(pg, {"-v", "--parallel", "4", "--migrations", migrations("pg_basic"), "--",
                                        suite("postgres_suite")}));
  EXPECT_EQ(r.exit_code, 0) << r.all();
  EXPECT_EQ(last_line(r.out), "9 passed, 0 failed, 0 skipped");
  EXPECT_THAT(r.out, HasSubstr("on 4 workers (postgresql)"));
  EXPECT_THAT(databases_like(pg, own_database_name()), IsEmpty());
  EXPECT_TRUE(box.leftovers().empty());
}

// STRATEGY file_copy, dbtest's default from PostgreSQL 15, asks the server
// for a checkpoint before and after it copies the template's files; wal_log
// asks for none. Each DROP DATABASE asks for one too. One worker: one clone,
// so the run waits for 4 checkpoints one after another (2 with wal_log); a
// concurrent test's can only add to them.
TEST(Postgres, ClonesAreMadeByCopyingTheTemplatesFilesByDefault) {
  E2E_REQUIRE_POSTGRES(pg);
  Sandbox box;
  const auto checkpoints = [&] { return std::stol(psql(pg, "app", "SELECT checkpoints_req FROM pg_stat_bgwriter")); };
  const auto before = checkpoints();
  auto r = run_dbtest(box, pg_args(pg, {"--parallel", "1", "--migrations", migrations("pg_basic"), "--filter",
                                        "Rollback.*", "--", suite("postgres_suite")}));
  EXPECT_EQ(r.exit_code, 0) << r.all();
  EXPECT_GE(checkpoints() - before, 4) << r.all();
  EXPECT_THAT(databases_like(pg, own_database_name()), IsEmpty());
}

// passing_suite links dbtest::fixtures alone: it runs as a worker on a
// PostgreSQL clone, and its TransactionalTests say which library is missing.
TEST(Postgres, ABinaryWithoutTheEngineLibrarySaysWhatToLink) {
  E2E_REQUIRE_POSTGRES(pg);
  Sandbox box;
  auto r = run_dbtest(box, pg_args(pg, {"--parallel", "1", "--migrations", migrations("pg_basic"), "--filter",
                                        "Rollback.*:Skipping.*", "--", suite("passing_suite")}));
  EXPECT_EQ(r.exit_code, 1) << r.all();
  EXPECT_EQ(last_line(r.out), "0 passed, 2 failed, 1 skipped");
  EXPECT_THAT(r.out, HasSubstr("dbtest::TransactionalTest needs this run's postgresql database, and this binary does "
                               "not link that engine's dbtest library: link it and include its header"));
  EXPECT_THAT(r.out, Not(HasSubstr("CRASHED")));
  EXPECT_THAT(databases_like(pg, own_database_name()), IsEmpty());
  EXPECT_TRUE(box.leftovers().empty());
}

TEST(Postgres, CollidingTestsFailOnOneSharedDatabase) {
  E2E_REQUIRE_POSTGRES(pg);
  // The proof that the suite needs isolation: on the application database
  // itself, the rows one suite committed are there when another counts.
  psql(pg, "app", "DROP TABLE IF EXISTS events; DROP TABLE IF EXISTS items");
  psql(pg, "app", "CREATE TABLE items (id serial PRIMARY KEY, name text NOT NULL, owner text)");
  Sandbox box;
  const std::map<std::string, std::string> shared{{"DBTEST_BACKEND", "postgresql"},
                                                  {"DBTEST_DATABASE_URL", pg.url}, {"ISOLATION_KEEP_ROWS", "1"}};
  auto apples = run_command(suite("postgres_suite"), {"--gtest_filter=Apples.*"}, shared, box.root());
  auto pears = run_command(suite("postgres_suite"), {"--gtest_filter=Pears.*"}, shared, box.root());
  psql(pg, "app", "DROP TABLE items");
  EXPECT_EQ(apples.exit_code, 0) << apples.all();
  EXPECT_NE(pears.exit_code, 0);
  EXPECT_THAT(pears.out, HasSubstr("rows of another suite are visible"));
}

TEST(Postgres, KeepdbReusesTheTemplateUntilAMigrationChanges) {
  E2E_REQUIRE_POSTGRES(pg);
  Sandbox box;
  const auto dir = box.root() / "migrations";
  std::filesystem::copy(migrations("pg_basic"), dir);
  const auto run = [&] {
    return run_dbtest(box, pg_args(pg, {"--keepdb", "--migrations", dir.string(), "--filter", "Clone.*", "--",
                                        suite("postgres_suite")}));
  };
  auto first = run();
  EXPECT_EQ(first.exit_code, 0) << first.all();
  EXPECT_THAT(first.out, HasSubstr("migrated 2 files"));
  const std::string original = kept_template(pg);
  EXPECT_THAT(databases_like(pg, own_database_name()), ElementsAre(original));

  auto second = run();
  EXPECT_EQ(second.exit_code, 0) << second.all();
  EXPECT_THAT(second.out, HasSubstr("reusing the kept postgresql template"));
  EXPECT_THAT(second.out, Not(HasSubstr("migrated")));

  // Other migrations: a template of their own, beside the first.
  std::ofstream(dir / "0002_events.sql", std::ios::app) << "\nCREATE INDEX events_by_kind ON events(kind);\n";
  auto third = run();
  EXPECT_THAT(third.out, HasSubstr("keeping a new postgresql template beside the kept ones: migrations changed: "
                                   "0002_events.sql (since " + original + ")"));
  EXPECT_THAT(third.out, HasSubstr("migrated 2 files"));
  EXPECT_EQ(third.exit_code, 0) << third.all();
  const auto both = kept_templates(pg);
  ASSERT_EQ(both.size(), 2u);
  const std::string changed = both[0] == original ? both[1] : both[0];

  // Someone alters the kept template by hand: the schema digest notices.
  psql(pg, "app", "ALTER DATABASE " + changed + " WITH ALLOW_CONNECTIONS true");
  psql(pg, changed, "CREATE TABLE sneaky (id int)");
  psql(pg, "app", "ALTER DATABASE " + changed + " WITH ALLOW_CONNECTIONS false");
  auto fourth = run();
  EXPECT_EQ(fourth.exit_code, 0) << fourth.all();
  EXPECT_THAT(fourth.out, HasSubstr("rebuilding the kept postgresql template: the kept template's schema was changed by hand"));
  EXPECT_EQ(kept_templates(pg), both);

  drop_kept_templates(pg);
}

TEST(Postgres, KeptTemplatesSwitchingMigrationsBackAndForthReusesEachOnesTemplate) {
  E2E_REQUIRE_POSTGRES(pg);
  Sandbox box;
  auto a = keepdb_run(pg, box, "a");
  EXPECT_EQ(a.exit_code, 0) << a.all();
  EXPECT_THAT(a.out, HasSubstr("migrated 2 files"));
  auto b = keepdb_run(pg, box, "b");
  EXPECT_EQ(b.exit_code, 0) << b.all();
  EXPECT_THAT(b.out, HasSubstr("migrated 3 files"));
  EXPECT_EQ(kept_templates(pg).size(), 2u);
  // Back to A: its template is still there, and nothing is migrated.
  auto again = keepdb_run(pg, box, "a");
  EXPECT_EQ(again.exit_code, 0) << again.all();
  EXPECT_THAT(again.out, HasSubstr("reusing the kept postgresql template"));
  EXPECT_THAT(again.out, Not(HasSubstr("migrated")));
  EXPECT_EQ(kept_templates(pg).size(), 2u);
  drop_kept_templates(pg);
}

TEST(Postgres, KeepTemplatesDropsTheLeastRecentlyUsedBeyondTheLimit) {
  E2E_REQUIRE_POSTGRES(pg);
  Sandbox box;
  EXPECT_EQ(keepdb_run(pg, box, "a", {"--keep-templates", "2"}).exit_code, 0);
  const std::string a = kept_template(pg);
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));  // last use is kept to the second
  EXPECT_EQ(keepdb_run(pg, box, "b", {"--keep-templates", "2"}).exit_code, 0);
  EXPECT_EQ(kept_templates(pg).size(), 2u);
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  auto c = keepdb_run(pg, box, "c", {"--keep-templates", "2"});
  EXPECT_EQ(c.exit_code, 0) << c.all();
  EXPECT_THAT(c.out, HasSubstr("dropped the kept template " + a));
  const auto kept = kept_templates(pg);
  EXPECT_EQ(kept.size(), 2u);
  EXPECT_THAT(kept, Not(::testing::Contains(a)));
  drop_kept_templates(pg);
}

TEST(Postgres, CleanupTemplatesListsThenDropsTheKeptTemplates) {
  E2E_REQUIRE_POSTGRES(pg);
  Sandbox box;
  EXPECT_EQ(keepdb_run(pg, box, "a").exit_code, 0);
  EXPECT_EQ(keepdb_run(pg, box, "b").exit_code, 0);
  const auto kept = kept_templates(pg);
  ASSERT_EQ(kept.size(), 2u);
  // Plain cleanup leaves kept templates alone.
  EXPECT_EQ(run_dbtest(box, {"cleanup", "--backend", "postgres", "--database-url", pg.url}).exit_code, 0);
  EXPECT_EQ(kept_templates(pg), kept);

  auto listed = cleanup_templates(pg, box, true);
  EXPECT_EQ(listed.exit_code, 0) << listed.all();
  for (const auto& name : kept) {
    EXPECT_THAT(listed.out, HasSubstr("would drop " + name + ": kept postgresql template, last used "));
  }
  EXPECT_THAT(listed.out, HasSubstr("found 2 kept templates"));
  EXPECT_EQ(kept_templates(pg), kept);

  auto dropped = cleanup_templates(pg, box, false);
  EXPECT_EQ(dropped.exit_code, 0) << dropped.all();
  for (const auto& name : kept) EXPECT_THAT(dropped.out, HasSubstr("dropped " + name + ": kept postgresql template"));
  EXPECT_THAT(dropped.out, HasSubstr("dropped 2 kept templates"));
  EXPECT_THAT(databases_like(pg, own_database_name()), IsEmpty());
}

TEST(Postgres, CleanupTemplatesTakesTheTemplatesNameFromTheConfigFile) {
  E2E_REQUIRE_POSTGRES(pg);
  Sandbox box;
  EXPECT_EQ(keepdb_run(pg, box, "a").exit_code, 0);
  const auto kept = kept_templates(pg);
  ASSERT_EQ(kept.size(), 1u);
  // The project's file names the server and the templates' name; the
  // command line names neither.
  const auto config = box.root() / "project" / "dbtest.toml";
  std::filesystem::create_directories(config.parent_path());
  std::ofstream(config) << "[profile.default]\nbackend = \"postgres\"\ndatabase-url = \"" << pg.url
                        << "\"\ntest-db-name = \"" << own_database_name() << "\"\n";
  auto dropped = run_dbtest(box, {"cleanup", "--templates", "--config", config.string()});
  EXPECT_EQ(dropped.exit_code, 0) << dropped.all();
  EXPECT_THAT(dropped.out, HasSubstr("dropped " + kept.front() + ": kept postgresql template"));
  EXPECT_THAT(databases_like(pg, own_database_name()), IsEmpty());
}

// A run that clones from a kept template holds it: neither another run's
// pruning nor `dbtest cleanup --templates` drops it meanwhile.
TEST(Postgres, AKeptTemplateALiveRunClonesFromIsNeitherPrunedNorCleanedUp) {
  E2E_REQUIRE_POSTGRES(pg);
  Sandbox box, live_box;
  EXPECT_EQ(keepdb_run(pg, box, "a").exit_code, 0);
  const std::string a = kept_template(pg);
  RunOutput live;
  std::thread running([&] {
    live = run_dbtest(live_box, pg_args(pg, {"--keepdb", "--migrations", migration_set(box, "a").string(), "-j", "2",
                                             "--filter", "Apples.*:Pears.*", "--", suite("postgres_suite")}),
                      {{"PG_SUITE_PAUSE_MS", "4000"}});
  });
  // Its clones exist once it has decided on its template.
  for (int i = 0; i < 100 && databases_like(pg, own_database_name() + "_").size() < 3; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  auto b = keepdb_run(pg, box, "b", {"--keep-templates", "1"});
  EXPECT_EQ(b.exit_code, 0) << b.all();
  EXPECT_THAT(b.out, HasSubstr("left the kept template " + a + " beyond --keep-templates 1: another run is using it"));
  auto cleanup = cleanup_templates(pg, box, false);
  EXPECT_EQ(cleanup.exit_code, 0) << cleanup.all();
  EXPECT_THAT(cleanup.out, HasSubstr("skipped " + a + ": kept postgresql template"));
  EXPECT_THAT(cleanup.out, HasSubstr("a live run is using it"));
  EXPECT_THAT(cleanup.out, HasSubstr("dropped 1 kept template, skipped 1 in use"));
  EXPECT_THAT(kept_templates(pg), ElementsAre(a));
  running.join();
  EXPECT_EQ(live.exit_code, 0) << live.all();
  EXPECT_THAT(live.out, HasSubstr("reusing the kept postgresql template"));
  // Once the run is over, the template may go.
  auto after = cleanup_templates(pg, box, false);
  EXPECT_THAT(after.out, HasSubstr("dropped " + a));
  EXPECT_THAT(databases_like(pg, own_database_name()), IsEmpty());
}

TEST(Postgres, KeepdbEndsAStraySessionOnItsTemplate) {
  E2E_REQUIRE_POSTGRES(pg);
  Sandbox box;
  const auto args = keep_a_template_and_open_it(pg, box);
  // A session someone left open on the template (psql kept waiting).
  const std::string url = pg.url.substr(0, pg.url.rfind('/') + 1) + kept_template(pg);
  bp::child stray("/usr/bin/psql", url, "-c", "SELECT pg_sleep(5)", bp::std_out > bp::null, bp::std_err > bp::null);
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  psql(pg, "app", "ALTER DATABASE " + kept_template(pg) + " WITH ALLOW_CONNECTIONS false");
  auto r = run_dbtest(box, args);
  EXPECT_EQ(r.exit_code, 0) << r.all();
  stray.wait();
  drop_kept_templates(pg);
}

TEST(Postgres, ASessionDbtestMayNotEndIsNamed) {
  E2E_REQUIRE_POSTGRES(pg);
  const char* socket_dir = std::getenv("DBTEST_TEST_POSTGRES_DIR");
  ASSERT_NE(socket_dir, nullptr);
  Sandbox box;
  const auto args = keep_a_template_and_open_it(pg, box);
  // A superuser's session on the kept template: the dbtest role may not end it.
  bp::child superuser("/usr/bin/psql", "-h", socket_dir, "-p", pg.port, "-U", "postgres", "-d", kept_template(pg), "-c",
                      "SELECT pg_sleep(3)", bp::std_out > bp::null, bp::std_err > bp::null);
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  auto r = run_dbtest(box, args);
  superuser.wait();  // the session ends with its query
  expect_one_line_error(r, "is in use and dbtest may not end the session(s): user postgres, application 'psql'");
  drop_kept_templates(pg);
}

TEST(Postgres, TwoRunsAtOnceDoNotCollide) {
  E2E_REQUIRE_POSTGRES(pg);
  Sandbox box_a, box_b;
  const auto args = pg_args(pg, {"--parallel", "2", "--migrations", migrations("pg_basic"), "--", suite("postgres_suite")});
  auto keep_args = args;
  keep_args.insert(keep_args.begin(), "--keepdb");
  const auto [a, b] = run_dbtest_twice_at_once(box_a, args, box_b, keep_args);
  EXPECT_EQ(a.exit_code, 0) << a.all();
  EXPECT_EQ(b.exit_code, 0) << b.all();
  EXPECT_EQ(kept_templates(pg).size(), 1u);
  drop_kept_templates(pg);
  EXPECT_THAT(databases_like(pg, own_database_name()), IsEmpty());
}

TEST(Postgres, LeftoversOfAKilledRunAreReportedAndCleanedUp) {
  E2E_REQUIRE_POSTGRES(pg);
  Sandbox box;
  const auto pid_file = box.root() / "hanging.pid";
  bp::environment env = boost::this_process::environment();
  env[test_os::temp_folder_variable()] = box.tmp().string();
  env["FAULT_MODE"] = "hang";
  env["FAULT_PID_FILE"] = pid_file.string();
  auto args = pg_args(pg, {"--state-dir", box.state().string(), "--migrations", migrations("portable"), "--",
                           suite("fault_suite")});
  bp::child victim(dbtest_exe(), bp::args(args), env, bp::std_out > bp::null, bp::std_err > bp::null);
  const std::string pid = wait_for_pid(pid_file);
  ASSERT_FALSE(pid.empty());
  ::kill(victim.id(), SIGKILL);  // the master dies; nothing cleans up
  victim.wait();
  ::kill(std::stoi(pid), SIGKILL);
  ASSERT_FALSE(databases_like(pg, own_database_name()).empty());

  // The databases are judged by their effect, not by the lines that name
  // them: a `dbtest cleanup` of a test running beside this one on the shared
  // server may drop them first. The scratch folder is this sandbox's own.
  auto next = run_dbtest(box, pg_args(pg, {"--", suite("failing_suite")}));
  EXPECT_THAT(next.out, HasSubstr("scratch folder left by runs that are gone"));
  auto cleanup = run_dbtest(box, {"cleanup", "--backend", "postgres", "--database-url", pg.url});
  EXPECT_EQ(cleanup.exit_code, 0) << cleanup.all();
  EXPECT_THAT(databases_like(pg, own_database_name()), IsEmpty()) << next.all() << cleanup.all();
  EXPECT_TRUE(box.leftovers().empty()) << cleanup.all();
}

TEST(Postgres, CleanupLooksOnlyAtDatabasesItsRoleCouldDrop) {
  E2E_REQUIRE_POSTGRES(pg);
  Sandbox box;
  // A dead run's clone, owned by the dbtest role; the nocreatedb role could
  // not drop it, so its cleanup must not offer to.
  psql(pg, "app", "CREATE DATABASE " + own_database_name());
  psql(pg, "app", "COMMENT ON DATABASE " + own_database_name() + " IS '" + marker("dead0001", dead_pid(), "clone") + "'");
  auto other_role = run_dbtest(box, {"cleanup", "--dry-run", "--backend", "postgres", "--database-url", pg.nocreatedb_url});
  EXPECT_EQ(other_role.exit_code, 0) << other_role.all();
  EXPECT_THAT(other_role.out, Not(HasSubstr(own_database_name()))) << other_role.all();
  // The owner sees it, unless a `dbtest cleanup` of a test running beside
  // this one on the shared server, under the same role, dropped it first.
  auto owner = run_dbtest(box, {"cleanup", "--dry-run", "--backend", "postgres", "--database-url", pg.url});
  if (!databases_like(pg, own_database_name()).empty()) {
    EXPECT_THAT(owner.out, HasSubstr("would drop " + own_database_name() + ": clone of run dead0001")) << owner.all();
  }
  psql(pg, "app", "DROP DATABASE IF EXISTS " + own_database_name());
}

TEST(Postgres, NeverDropsADatabaseWithoutItsMarker) {
  E2E_REQUIRE_POSTGRES(pg);
  Sandbox box;
  // A run learns the kept template's name; then a database of that name
  // appears that looks like a kept template, but is not dbtest's.
  const auto args = pg_args(pg, {"--keepdb", "--", suite("failing_suite")});
  run_dbtest(box, args);
  const std::string name = kept_template(pg);
  drop_kept_templates(pg);
  psql(pg, "app", "CREATE DATABASE " + name);
  auto r = run_dbtest(box, args);
  expect_one_line_error(r, "database " + name + " exists but was not made by dbtest");
  auto cleanup = run_dbtest(box, {"cleanup", "--backend", "postgres", "--database-url", pg.url});
  EXPECT_THAT(cleanup.out, Not(HasSubstr(name)));
  auto templates = cleanup_templates(pg, box, false);
  EXPECT_THAT(templates.out, Not(HasSubstr(name)));
  EXPECT_THAT(databases_like(pg, own_database_name()), ElementsAre(name));
  psql(pg, "app", "DROP DATABASE " + name);
}

TEST(Postgres, FailedMigrationNamesTheFileAndLeavesNothing) {
  E2E_REQUIRE_POSTGRES(pg);
  Sandbox box;
  const auto dir = box.root() / "migrations";
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "0001_ok.sql") << "CREATE TABLE fine (id int);\n";
  std::ofstream(dir / "0002_typo.sql") << "-- broken on line 3\nCREATE TABLE also_fine (id int);\nCREATE TABLE broken (id int,, name text);\n";
  auto r = run_dbtest(box, pg_args(pg, {"--migrations", dir.string(), "--", suite("failing_suite")}));
  EXPECT_EQ(r.exit_code, 2) << r.all();
  EXPECT_THAT(r.err, HasSubstr("0002_typo.sql"));
  EXPECT_THAT(r.err, HasSubstr("syntax error"));
  EXPECT_THAT(r.err, HasSubstr("LINE 3"));
  EXPECT_THAT(databases_like(pg, own_database_name()), IsEmpty());
}

TEST(Postgres, BadServerInputIsOneLineExitTwo) {
  E2E_REQUIRE_POSTGRES(pg);
  Sandbox box;
  const std::string base = pg.url.substr(0, pg.url.rfind('@') + 1);
  // Nothing listens on port 1.
  expect_one_line_error(run_dbtest(box, {"--backend", "postgres", "--database-url", "postgresql://dbtest:x@127.0.0.1:1/app",
                                         "--", suite("failing_suite")}),
                        "cannot connect to");
  auto wrong_password = run_dbtest(box, {"--database-url", "postgresql://dbtest:wrong-secret@127.0.0.1:" + pg.port + "/app",
                                         "--", suite("failing_suite")});
  expect_one_line_error(wrong_password, "password authentication failed");
  EXPECT_THAT(wrong_password.err, Not(HasSubstr("wrong-secret")));
  expect_one_line_error(run_dbtest(box, {"--database-url", pg.nocreatedb_url, "--", suite("failing_suite")}),
                        "permission denied to create database");
  expect_one_line_error(run_dbtest(box, {"--database-url", pg.url.substr(0, pg.url.rfind('/') + 1) + "no_such_app", "--",
                                         suite("failing_suite")}),
                        "does not exist");
  expect_one_line_error(run_dbtest(box, {"--database-url", pg.url, "--test-db-name", std::string(64, 'x'), "--",
                                         suite("failing_suite")}),
                        "longer than the server's limit of 63 bytes");
  expect_one_line_error(run_dbtest(box, {"--database-url", pg.url, "--test-db-name", "app", "--keepdb", "--",
                                         suite("failing_suite")}),
                        "would be the application's own database");
  EXPECT_TRUE(box.leftovers().empty());
}

// A binary linked with GoogleTest alone reaches its clone through libpq's
// defaults and DATABASE_URL, and workers do not see each other's rows.
TEST(Postgres, APlainBinaryFindsItsCloneThroughTheEnvironment) {
  E2E_REQUIRE_POSTGRES(pg);
  Sandbox box;
  auto r = run_dbtest(box, pg_args(pg, {"--parallel", "4", "--dist", "test", "--migrations", migrations("pg_basic"), "--",
                                        suite("plain_postgres_suite")}));
  EXPECT_EQ(r.exit_code, 0) << r.all();
  EXPECT_EQ(last_line(r.out), "9 passed, 0 failed, 0 skipped");
  EXPECT_THAT(r.all(), Not(HasSubstr("dbtest-secret")));
  EXPECT_THAT(databases_like(pg, own_database_name()), IsEmpty());
  EXPECT_TRUE(box.leftovers().empty());
}

}  // namespace
}  // namespace e2e
