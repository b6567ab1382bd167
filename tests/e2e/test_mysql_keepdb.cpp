// MySQL/MariaDB, end to end: --keepdb and the templates it keeps by
// content, and runs at once on one server, with the real dbtest executable,
// suites/mysql_suite.cpp and the throwaway server of ci/mysql-server.sh.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <thread>

#include "support/dbtest_run.hpp"
#include "support/mysql_runs.hpp"
#include "support/mysql_server.hpp"
#include "support/ownership_markers.hpp"

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

namespace e2e {
namespace {

namespace fs = std::filesystem;

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
  const auto [a, b] = run_dbtest_twice_at_once(box_a, args, box_b, keep_args, env);
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
  const auto [a, b] = run_dbtest_twice_at_once(box_a, args, box_b, args);
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

}  // namespace
}  // namespace e2e
