// GoogleTest's own ways, under dbtest: its variables in dbtest's environment,
// death tests in a worker, a global environment that fails, and the state
// folder kept out of git.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "support/dbtest_run.hpp"

using ::testing::HasSubstr;
using ::testing::Not;

namespace e2e {
namespace {

int count_of(const std::string& text, const std::string& part) {
  int n = 0;
  for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + part.size())) ++n;
  return n;
}

RunOutput run_passing_suite(const Sandbox& box, std::vector<std::string> args,
                            const std::map<std::string, std::string>& env) {
  args.insert(args.begin(), {"--parallel", "2", "--migrations", migrations("basic")});
  args.insert(args.end(), {"--", suite("passing_suite")});
  return run_dbtest(box, args, env);
}

// --- GoogleTest's variables in dbtest's environment ------------------------------

TEST(GtestVariables, FilterIsAppliedAsDashDashFilterAndNotPassedOn) {
  Sandbox box;
  const auto r = run_passing_suite(box, {}, {{"GTEST_FILTER", "Schema.*"}});
  EXPECT_EQ(r.exit_code, 0) << r.all();
  EXPECT_THAT(r.err, HasSubstr("dbtest: note: GTEST_FILTER=Schema.* is applied as --filter Schema.*\n"));
  EXPECT_EQ(last_line(r.out), "3 passed, 0 failed, 0 skipped") << r.all();
}

TEST(GtestVariables, RepeatIsAppliedAsDashDashRepeat) {
  Sandbox box;
  const auto r = run_passing_suite(box, {"--filter", "Schema.*"}, {{"GTEST_REPEAT", "2"}});
  EXPECT_EQ(r.exit_code, 0) << r.all();
  EXPECT_THAT(r.err, HasSubstr("dbtest: note: GTEST_REPEAT=2 is applied as --repeat 2\n"));
  EXPECT_EQ(last_line(r.out), "6 passed, 0 failed, 0 skipped") << r.all();
}

TEST(GtestVariables, RepeatForeverIsRefusedNamingDashDashRepeat) {
  Sandbox box;
  const auto r = run_passing_suite(box, {}, {{"GTEST_REPEAT", "-1"}});
  expect_one_line_error(r, "GTEST_REPEAT=-1 cannot be applied: dbtest's --repeat takes a count from 1 to 100000");
}

TEST(GtestVariables, AlsoRunDisabledTestsIsAppliedAsDashDashRunDisabled) {
  Sandbox box;
  const auto r = run_passing_suite(box, {"-v", "--filter", "Environment.*"}, {{"GTEST_ALSO_RUN_DISABLED_TESTS", "1"}});
  EXPECT_EQ(r.exit_code, 0) << r.all();
  EXPECT_THAT(r.err, HasSubstr("dbtest: note: GTEST_ALSO_RUN_DISABLED_TESTS=1 is applied as --run-disabled\n"));
  EXPECT_EQ(published_signals(r.out)["disabled.ran"], "yes") << r.out;
  EXPECT_EQ(last_line(r.out), "2 passed, 0 failed, 0 skipped") << r.all();
}

TEST(GtestVariables, ShuffleWithASeedIsAppliedAsDashDashShuffleSeed) {
  Sandbox box;
  const auto r = run_passing_suite(box, {}, {{"GTEST_SHUFFLE", "1"}, {"GTEST_RANDOM_SEED", "4242"}});
  EXPECT_EQ(r.exit_code, 0) << r.all();
  EXPECT_THAT(r.err,
              HasSubstr("dbtest: note: GTEST_SHUFFLE=1 with GTEST_RANDOM_SEED=4242 is applied as --shuffle=4242\n"));
  EXPECT_THAT(r.out, HasSubstr("shuffled with seed 4242")) << r.all();
  EXPECT_EQ(last_line(r.out), "12 passed, 0 failed, 1 skipped") << r.all();
}

TEST(GtestVariables, FailFastIsAppliedAsDashDashFailfast) {
  Sandbox box;
  const auto r = run_dbtest(box, {"--parallel", "1", "--dist", "test", "--", suite("failing_suite")},
                            {{"GTEST_FAIL_FAST", "1"}});
  EXPECT_EQ(r.exit_code, 1) << r.all();
  EXPECT_THAT(r.err, HasSubstr("dbtest: note: GTEST_FAIL_FAST=1 is applied as --failfast\n"));
  // The failing test comes first (alphabetically planned or not, one of the
  // two runs): either way no more than the first failure is run after it.
  EXPECT_THAT(last_line(r.out), ::testing::AnyOf("0 passed, 1 failed, 0 skipped", "1 passed, 1 failed, 0 skipped"))
      << r.all();
}

TEST(GtestVariables, ShardVariablesRunOnePartAndSaySo) {
  Sandbox box;
  const auto r = run_passing_suite(box, {}, {{"GTEST_TOTAL_SHARDS", "3"}, {"GTEST_SHARD_INDEX", "1"}});
  EXPECT_EQ(r.exit_code, 0) << r.all();
  EXPECT_THAT(r.err, HasSubstr("dbtest: note: GTEST_TOTAL_SHARDS and GTEST_SHARD_INDEX are applied as --partition 2/3"));
  EXPECT_THAT(r.out, HasSubstr("Partition: part 2 of 3 (hash)")) << r.all();
}

TEST(GtestVariables, AFilterGivenBothWaysThatDisagreesIsRefused) {
  Sandbox box;
  const auto r = run_passing_suite(box, {"--filter", "Zero*"}, {{"GTEST_FILTER", "Schema.*"}});
  expect_one_line_error(r, "GTEST_FILTER=Schema.* and --filter Zero* disagree: unset GTEST_FILTER");
}

// --- the state folder -------------------------------------------------------------

TEST(StateFolder, HoldsAGitignoreThatIgnoresEverything) {
  Sandbox box;
  const auto r = run_passing_suite(box, {"--filter", "Schema.*"}, {});
  EXPECT_EQ(r.exit_code, 0) << r.all();
  EXPECT_THAT(read_output(box.state() / ".gitignore"), ::testing::EndsWith("\n*\n"));
}

// --- death tests --------------------------------------------------------------------

// The worker watches its master on a thread of its own, so GoogleTest's
// "fast" style still warns that it forks a process with threads; the tests
// pass all the same.
TEST(DeathTests, PassInBothStylesOnTwoWorkers) {
  if (dbtest_platform() == "win32") {
    GTEST_SKIP() << "GoogleTest's death tests on Windows start the binary again with inherited handles; not tried "
                    "under wine";
  }
  Sandbox box;
  const auto report = box.root() / "death.xml";
  const auto r = run_dbtest(box, {"--parallel", "2", "--junit-xml", report.string(), "--migrations",
                                  migrations("basic"), "--", suite("death_suite")});
  EXPECT_EQ(r.exit_code, 0) << r.all();
  EXPECT_EQ(last_line(r.out), "7 passed, 0 failed, 0 skipped") << r.all();
  const auto xml = read_output(report);
  EXPECT_THAT(xml, HasSubstr("FastDeath")) << xml;
}

// --- a global environment whose SetUp fails ---------------------------------------

TEST(GlobalEnvironment, AFailedSetUpIsReportedOnceAndTheRestRunsOnAFreshWorker) {
  Sandbox box;
  const auto marker = (box.root() / "environment-failed").string();
  const auto r = run_dbtest(box, {"--parallel", "2", "--", suite("environment_suite")},
                            {{"ENVIRONMENT_SUITE_FAILS", "once"}, {"ENVIRONMENT_SUITE_MARKER", marker}});
  EXPECT_EQ(r.exit_code, 1) << r.all();
  EXPECT_EQ(count_of(r.out, "FAILED: (global environment)"), 1) << r.all();
  EXPECT_EQ(count_of(r.out, "the environment cannot start"), 1) << r.all();
  EXPECT_THAT(r.all(), Not(HasSubstr("crashed"))) << r.all();
  EXPECT_THAT(r.all(), Not(HasSubstr("CRASHED"))) << r.all();
  EXPECT_EQ(last_line(r.out), "6 passed, 1 failed, 0 skipped") << r.all();
  EXPECT_TRUE(box.leftovers().empty());
}

TEST(GlobalEnvironment, ARunWhoseEveryWorkerFailsItsEnvironmentEnds) {
  Sandbox box;
  const auto r = run_dbtest(box, {"--parallel", "2", "--max-worker-restarts", "2", "--", suite("environment_suite")},
                            {{"ENVIRONMENT_SUITE_FAILS", "always"}});
  EXPECT_EQ(r.exit_code, 2) << r.all();
  EXPECT_THAT(r.err, HasSubstr("--max-worker-restarts 2")) << r.all();
  EXPECT_THAT(r.err, HasSubstr("its global environment failed")) << r.all();
  EXPECT_EQ(count_of(r.out, "FAILED: (global environment)"), 1) << r.all();
  EXPECT_EQ(count_of(r.out, "the environment cannot start"), 1) << r.all();
  EXPECT_THAT(r.all(), Not(HasSubstr("CRASHED"))) << r.all();
  EXPECT_TRUE(box.leftovers().empty());
}

}  // namespace
}  // namespace e2e
