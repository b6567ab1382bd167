// Each worker has its own clone: tests that would collide on one database
// pass in parallel, and the same tests do collide when they share one.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>

#include "support/dbtest_run.hpp"

using ::testing::HasSubstr;

namespace e2e {
namespace {

TEST(Isolation, CollidingTestsPassWithFourWorkers) {
  Sandbox box;
  auto r = run_dbtest(box, {"--parallel", "4", "--migrations", migrations("basic"), "--", suite("isolation_suite")});
  EXPECT_EQ(r.exit_code, 0) << r.all();
  EXPECT_EQ(last_line(r.out), "16 passed, 0 failed, 0 skipped");
}

TEST(Isolation, CollidingTestsFailOnASharedDatabase) {
  // The proof that the suite above really needs isolation: on ONE database,
  // the rows one suite committed are there when another suite counts.
  if (!test_os::has_posix_shell()) GTEST_SKIP() << "makes the shared database with /bin/sh and sqlite3(1), which " << test_os::os_name() << " lacks";
  Sandbox box;
  const auto db = box.root() / "shared.sqlite3";
  auto setup = run_command("/bin/sh", {"-c", "sqlite3 '" + db.string() + "' < '" + migrations("basic") + "/0001_items.sql'"},
                           {}, box.root());
  ASSERT_EQ(setup.exit_code, 0) << setup.all();
  const std::map<std::string, std::string> shared{{"DBTEST_DATABASE_URL", "sqlite:" + db.string()},
                                                  {"ISOLATION_KEEP_ROWS", "1"}};
  auto apples = run_command(suite("isolation_suite"), {"--gtest_filter=Apples.SeesOnlyItsOwnRows"}, shared, box.root());
  EXPECT_EQ(apples.exit_code, 0) << apples.all();
  auto pears = run_command(suite("isolation_suite"), {"--gtest_filter=Pears.SeesOnlyItsOwnRows"}, shared, box.root());
  EXPECT_NE(pears.exit_code, 0) << "a shared database should make the suites collide";
  EXPECT_THAT(pears.out, HasSubstr("rows of another suite are visible"));

  // The same two suites under dbtest, each on its own worker's clone.
  auto isolated = run_dbtest(box, {"--parallel", "2", "--migrations", migrations("basic"), "--filter",
                                   "Apples.SeesOnlyItsOwnRows:Pears.SeesOnlyItsOwnRows",
                                   "--", suite("isolation_suite")},
                             {{"ISOLATION_KEEP_ROWS", "1"}});
  EXPECT_EQ(isolated.exit_code, 0) << isolated.all();
}

TEST(Isolation, SuiteStaysOnOneWorkerByDefault) {
  Sandbox box;
  auto r = run_dbtest(box, {"-v", "--parallel", "2", "--", suite("affinity_suite")});
  ASSERT_EQ(r.exit_code, 0) << r.all();
  const auto places = published_signals(r.out);
  ASSERT_EQ(places.size(), 16u) << r.out;
  for (const std::string suite_name : {"North", "South", "East", "West"}) {
    std::set<std::string> pids;
    for (const auto& [key, value] : places) {
      if (key.rfind("place." + suite_name + ".", 0) != 0) continue;
      pids.insert(value.substr(0, value.find('/')));
      EXPECT_EQ(value.substr(value.find('/') + 1), "1") << "SetUpTestSuite ran more than once for " << key;
    }
    EXPECT_EQ(pids.size(), 1u) << suite_name << " was split across workers";
  }
}

TEST(Isolation, DistTestSpreadsTheTestsOfASuite) {
  Sandbox box;
  auto r = run_dbtest(box, {"-v", "--parallel", "2", "--dist", "test", "--", suite("affinity_suite")});
  ASSERT_EQ(r.exit_code, 0) << r.all();
  std::set<std::string> pids;
  for (const auto& [key, value] : published_signals(r.out)) pids.insert(value.substr(0, value.find('/')));
  EXPECT_EQ(pids.size(), 2u) << "both workers should have run tests";
}

}  // namespace
}  // namespace e2e
