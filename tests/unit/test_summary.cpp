// The text printed when a run ends.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "report/summary.hpp"
#include "report_support.hpp"
#include "unit_support.hpp"

namespace dbtest::unit {
namespace {

using runner::format_summary;
using runner::Outcome;
using runner::RunResults;
using runner::SummaryOptions;
using ::testing::EndsWith;
using ::testing::HasSubstr;
using ::testing::Not;

RunResults run_with(std::vector<runner::TestResult> results) {
  RunResults run;
  run.binaries = {"build/orders_test", "build/customers_test"};
  run.results = std::move(results);
  return run;
}

TEST(Summary, LastLineCountsPassedFailedSkipped) {
  const RunResults run = run_with({result("A.a", Outcome::passed), result("A.b", Outcome::passed),
                                   result("A.c", Outcome::failed), result("A.d", Outcome::skipped)});
  const std::string text = format_summary(run, {});
  EXPECT_THAT(text, EndsWith("\n"));
  EXPECT_EQ(last_line(text), "2 passed, 1 failed, 1 skipped");
}

TEST(Summary, CrashedAndTimedOutCountAsFailed) {
  const RunResults run = run_with({result("A.a", Outcome::passed), result("A.b", Outcome::crashed),
                                   result("A.c", Outcome::timed_out), result("A.d", Outcome::failed)});
  EXPECT_EQ(last_line(format_summary(run, {})), "1 passed, 3 failed, 0 skipped");
  EXPECT_EQ(run.failed(), 3);
  EXPECT_EQ(run.count(Outcome::crashed), 1);
}

TEST(Summary, EmptyRun) {
  EXPECT_EQ(last_line(format_summary(run_with({}), {})), "0 passed, 0 failed, 0 skipped");
}

TEST(Summary, LastLineIsUncolouredOnAColourTerminal) {
  SummaryOptions options;
  options.style.colour = true;
  const std::string text = format_summary(run_with({result("A.a", Outcome::passed), result("A.b", Outcome::failed)}), options);
  EXPECT_EQ(last_line(text), "1 passed, 1 failed, 0 skipped");
  EXPECT_THAT(text, HasSubstr("\x1b["));  // colour is used elsewhere
}

TEST(Summary, ListsFailedTestsWithTheirOutcomeAndBinary) {
  const RunResults run = run_with({result("Orders.Passes", Outcome::passed), result("Orders.Fails", Outcome::failed),
                                   result("Customers.Crashes", Outcome::crashed, 0.1, 1),
                                   result("Orders.Hangs", Outcome::timed_out), suite_error("Setup")});
  const std::string text = format_summary(run, {});
  EXPECT_THAT(text, HasSubstr("Failed tests:"));
  EXPECT_THAT(text, HasSubstr("FAILED    Orders.Fails  [build/orders_test]"));
  EXPECT_THAT(text, HasSubstr("CRASHED   Customers.Crashes  [build/customers_test]"));
  EXPECT_THAT(text, HasSubstr("TIMED OUT Orders.Hangs  [build/orders_test]"));
  EXPECT_THAT(text, HasSubstr("Setup (outside any test)"));
  EXPECT_THAT(text, Not(HasSubstr("Orders.Passes")));
}

TEST(Summary, NoFailedSectionWhenAllPass) {
  EXPECT_THAT(format_summary(run_with({result("A.a", Outcome::passed)}), {}), Not(HasSubstr("Failed tests")));
}

TEST(Summary, DurationsListsTheNSlowestTests) {
  const RunResults run = run_with({result("T.fast", Outcome::passed, 0.001), result("T.slowest", Outcome::passed, 9.0),
                                   result("T.middle", Outcome::failed, 2.0), result("T.slow", Outcome::passed, 5.0),
                                   suite_error("T")});
  SummaryOptions options;
  options.durations = 2;
  const std::string text = format_summary(run, options);
  EXPECT_THAT(text, HasSubstr("Slowest 2 tests:"));
  const auto slowest = text.find("T.slowest"), slow = text.find("T.slow\n");
  ASSERT_NE(slowest, std::string::npos);
  ASSERT_NE(slow, std::string::npos);
  EXPECT_LT(slowest, slow);
  EXPECT_THAT(text, HasSubstr("9.000 s  T.slowest"));
  EXPECT_THAT(text, Not(HasSubstr("T.fast")));
  EXPECT_THAT(text.substr(text.find("Slowest")), Not(HasSubstr("T.middle")));
}

TEST(Summary, DurationsLargerThanTheRunListsEveryTest) {
  SummaryOptions options;
  options.durations = 10;
  const std::string text =
      format_summary(run_with({result("T.a", Outcome::passed, 1.0), result("T.b", Outcome::passed, 2.0)}), options);
  EXPECT_THAT(text, HasSubstr("Slowest 2 tests:"));
}

TEST(Summary, NoDurationsSectionByDefault) {
  EXPECT_THAT(format_summary(run_with({result("T.a", Outcome::passed, 1.0)}), {}), Not(HasSubstr("Slowest")));
}

TEST(Summary, VerboseListsPublishedSignals) {
  RunResults run = run_with({result("A.a", Outcome::passed)});
  run.signals = {{"orders.count", "12", 1}, {"escape", "a\x1b[2Jb", 2}};
  SummaryOptions verbose;
  verbose.verbose = true;
  const std::string text = format_summary(run, verbose);
  EXPECT_THAT(text, HasSubstr("Published signals:"));
  EXPECT_THAT(text, HasSubstr("orders.count=12  (worker 1)"));
  EXPECT_THAT(text, HasSubstr("escape=a\\x1b[2Jb  (worker 2)"));
  EXPECT_THAT(format_summary(run, {}), Not(HasSubstr("orders.count")));
}

TEST(Summary, ShowsMissingExpectedSignals) {
  RunResults run = run_with({result("A.a", Outcome::passed)});
  run.missing_signals = {"tenant.ready"};
  const std::string text = format_summary(run, {});
  EXPECT_THAT(text, HasSubstr("Expected signal 'tenant.ready' was not published by any worker"));
  EXPECT_EQ(last_line(text), "1 passed, 0 failed, 0 skipped");
}

TEST(Summary, ShowsUnfinishedAndNotRunTests) {
  RunResults run = run_with({result("A.a", Outcome::passed)});
  run.unfinished_tests = {"B.hangs"};
  run.tests_not_run = 3;
  run.interrupted = true;
  const std::string text = format_summary(run, {});
  EXPECT_THAT(text, HasSubstr("Interrupted while running:\n  B.hangs\n"));
  EXPECT_THAT(text, HasSubstr("3 tests were not run (interrupted)"));

  run.interrupted = false;
  run.stopped_by_failfast = true;
  EXPECT_THAT(format_summary(run, {}), HasSubstr("3 tests were not run (--failfast)"));
}

TEST(Summary, OneTestNotRunIsSingular) {
  RunResults run = run_with({result("A.a", Outcome::failed)});
  run.tests_not_run = 1;
  run.stopped_by_failfast = true;
  EXPECT_THAT(format_summary(run, {}), HasSubstr("1 test was not run (--failfast)"));
}

TEST(Summary, NothingAboutTestsNotRunWhenAllRan) {
  EXPECT_THAT(format_summary(run_with({result("A.a", Outcome::passed)}), {}), Not(HasSubstr("not run")));
}

TEST(Summary, ShowsWorkerRestarts) {
  RunResults run = run_with({result("A.a", Outcome::crashed)});
  run.worker_restarts = 2;
  EXPECT_THAT(format_summary(run, {}), HasSubstr("Workers restarted after a crash or timeout: 2"));
  run.worker_restarts = 0;
  EXPECT_THAT(format_summary(run, {}), Not(HasSubstr("Workers restarted")));
}

TEST(Summary, ShowsEachPhaseAsWallTimeWithCloningNestedInRunning) {
  RunResults run = run_with({});
  run.times.discovering = 0.5;
  run.times.migrating = 1.25;
  run.times.cloning = 12.1;
  run.times.cloning_summed = 140;
  run.times.clones = 220;
  run.times.running = 50;
  run.times.tearing_down = 0.01;
  EXPECT_THAT(format_summary(run, {}),
              HasSubstr("Time: discovering 0.500 s, migrating 1.250 s, running 50.0 s (cloning during 12.1 s of "
                        "it; summed over 220 clones: 2 min 20 s), tearing down 0.010 s\n"));
}

TEST(Summary, LeavesTheSumOutForASingleClone) {
  RunResults run = run_with({});
  run.times.cloning = 0.25;
  run.times.cloning_summed = 0.25;
  run.times.clones = 1;
  run.times.running = 1;
  EXPECT_THAT(format_summary(run, {}), HasSubstr("running 1.000 s (cloning during 0.250 s of it), tearing down"));
}

runner::TestResult attempt(const std::string& name, Outcome outcome, int number) {
  auto r = result(name, outcome);
  r.attempt = number;
  return r;
}

TEST(Summary, ATestThatPassedOnARetryIsFlakyAndNeitherPassedNorFailed) {
  RunResults run = run_with({attempt("A.flaky", Outcome::failed, 1), result("A.ok", Outcome::passed),
                             attempt("A.flaky", Outcome::passed, 2), attempt("A.broken", Outcome::failed, 1),
                             attempt("A.broken", Outcome::failed, 2)});
  run.retries_allowed = true;
  run.settle_retries();
  const std::string text = format_summary(run, {});
  EXPECT_EQ(last_line(text), "1 passed, 1 failed, 0 skipped, 1 flaky");
  EXPECT_THAT(text, HasSubstr("Flaky tests (passed on a retry):\n  FLAKY     A.flaky  [build/orders_test] passed on attempt 2\n"));
  EXPECT_THAT(text, Not(HasSubstr("FAILED    A.flaky")));
  EXPECT_THAT(text, HasSubstr("FAILED    A.broken"));
}

TEST(Summary, RepeatedRunsCountHowOftenEachTestPassed) {
  auto first = result("A.sometimes", Outcome::passed);
  auto second = result("A.sometimes", Outcome::failed);
  second.unit_id = 1;
  auto always = result("A.always", Outcome::passed);
  auto always_again = result("A.always", Outcome::passed);
  always_again.unit_id = 1;
  RunResults run = run_with({first, second, always, always_again});
  run.repeat = 2;
  run.settle_retries();
  const std::string text = format_summary(run, {});
  EXPECT_THAT(text, HasSubstr("Repeated 2 times:\n  A.sometimes  [build/orders_test] passed 1 of 2\n"));
  EXPECT_THAT(text, Not(HasSubstr("A.always  [")));
  EXPECT_EQ(last_line(text), "3 passed, 1 failed, 0 skipped");
}

TEST(Summary, AShuffledRunSaysItsSeedBeforeTheClosingLine) {
  RunResults run = run_with({result("A.a", Outcome::passed)});
  run.order_note = "shuffled with seed 42; --shuffle=42 repeats this order";
  EXPECT_THAT(format_summary(run, {}), HasSubstr("Order: shuffled with seed 42; --shuffle=42 repeats this order\n"));
}

}  // namespace
}  // namespace dbtest::unit
