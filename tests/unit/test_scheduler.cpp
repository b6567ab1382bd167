// The scheduler, driven by a fake WorkerPool (scheduler_fixture.hpp): how work
// is handed out, ordered, chunked and reported.
#include "scheduler_fixture.hpp"

namespace dbtest::unit {
namespace {

TEST_F(Scheduler, RunsEveryUnitAndReportsEveryTestOnce) {
  config.slots = 3;
  std::vector<WorkUnit> units;
  std::vector<std::string> all;
  for (int u = 0; u < 7; ++u) {
    std::vector<std::string> tests;
    for (int t = 0; t <= u % 3; ++t) tests.push_back("Suite" + std::to_string(u) + ".Test" + std::to_string(t));
    all.insert(all.end(), tests.begin(), tests.end());
    units.push_back(unit(tests));
  }
  const auto outcome = run(units);

  EXPECT_FALSE(outcome.infrastructure_error);
  EXPECT_FALSE(outcome.interrupted);
  EXPECT_EQ(outcome.units_not_run, 0);
  EXPECT_EQ(outcome.worker_restarts, 0);
  EXPECT_TRUE(outcome.unfinished_tests.empty());
  ASSERT_EQ(observer.finished.size(), all.size());
  for (const auto& name : all) {
    const TestResult* r = observer.result(name);
    ASSERT_NE(r, nullptr) << name;
    EXPECT_EQ(r->outcome, Outcome::passed) << name;
    EXPECT_EQ(r->suite, name.substr(0, name.find('.')));
    EXPECT_EQ(r->binary, 0);
  }
  EXPECT_EQ(observer.started.size(), all.size());
  EXPECT_EQ(pool.runs().size(), units.size());
  EXPECT_GT(observer.ticks, 0);
}

TEST_F(Scheduler, ReportsOutcomesAsTheWorkerSaysAndCarriesFailures) {
  pool.behaviour = {{"S.Fails", Behaviour::fail}, {"S.Skips", Behaviour::skip}};
  run({unit({"S.Passes", "S.Fails", "S.Skips"})});

  ASSERT_EQ(observer.finished.size(), 3u);
  EXPECT_EQ(observer.result("S.Passes")->outcome, Outcome::passed);
  EXPECT_EQ(observer.result("S.Skips")->outcome, Outcome::skipped);
  const TestResult* failed = observer.result("S.Fails");
  EXPECT_EQ(failed->outcome, Outcome::failed);
  ASSERT_EQ(failed->failures.size(), 1u);
  EXPECT_EQ(failed->failures[0].file, "orders_test.cpp");
  EXPECT_EQ(failed->failures[0].line, 42);
  EXPECT_EQ(failed->output.text, "printed by S.Fails\n");
  EXPECT_DOUBLE_EQ(failed->seconds, 0.5);
  EXPECT_EQ(failed->slot, 1);
}

TEST_F(Scheduler, NeverStartsMoreWorkersThanUnits) {
  config.slots = 8;
  run({unit({"A.a"}), unit({"B.b"})});

  EXPECT_EQ(pool.starts(), 2);
  std::set<int> slots;
  for (const auto& [slot, binary] : pool.start_calls()) slots.insert(slot);
  EXPECT_EQ(slots.size(), 2u);
  EXPECT_EQ(observer.finished.size(), 2u);
}

TEST_F(Scheduler, RunsNothingAndStartsNoWorkerWithoutUnits) {
  config.slots = 4;
  const auto outcome = run({});
  EXPECT_TRUE(pool.calls.empty());
  EXPECT_TRUE(observer.finished.empty());
  EXPECT_FALSE(outcome.infrastructure_error);
}

TEST_F(Scheduler, SlotPullsItsNextUnitWhenItFinishes) {
  config.slots = 2;
  pool.behaviour = {{"Slow.Test", Behaviour::slow}};
  const auto outcome = run({unit({"Slow.Test"}), unit({"A.a"}), unit({"B.b"}), unit({"C.c"})});

  EXPECT_FALSE(outcome.infrastructure_error);
  // The slow unit holds slot 1; slot 2 takes every other unit in turn.
  EXPECT_EQ(observer.result("Slow.Test")->slot, 1);
  EXPECT_EQ(observer.result("A.a")->slot, 2);
  EXPECT_EQ(observer.result("B.b")->slot, 2);
  EXPECT_EQ(observer.result("C.c")->slot, 2);
  EXPECT_THAT(observer.names(), ElementsAre("A.a", "B.b", "C.c", "Slow.Test"));
  EXPECT_EQ(pool.starts(), 2);  // one process per slot: the next unit goes to the running worker
}

TEST_F(Scheduler, SuiteUnitsStayWholeOnOneWorker) {
  config.slots = 3;
  std::vector<SelectedTest> selected;
  for (const std::string suite : {"Orders", "Customers", "Payments", "Stock", "Returns"}) {
    for (int i = 0; i < 4; ++i) selected.push_back({0, {suite, "Case" + std::to_string(i)}});
  }
  auto units = runner::plan_work(selected, {"bin"}, Distribution::suite, {});
  for (const auto& u : units) unit(u.binary, u.tests);  // registers the binary of each test
  run(units);

  ASSERT_EQ(observer.finished.size(), 20u);
  std::map<std::string, int> batches_per_suite;
  for (const auto& call : pool.runs()) {
    const auto& tests = call.batch().tests;
    ASSERT_FALSE(tests.empty());
    const std::string suite = tests.front().substr(0, tests.front().find('.'));
    EXPECT_EQ(tests.size(), 4u) << suite;
    for (const auto& t : tests) EXPECT_EQ(t.substr(0, t.find('.')), suite);
    ++batches_per_suite[suite];
  }
  EXPECT_EQ(batches_per_suite.size(), 5u);
  for (const auto& [suite, n] : batches_per_suite) EXPECT_EQ(n, 1) << suite;
  std::map<std::string, std::set<int>> slots_of_suite;
  for (const auto& r : observer.finished) slots_of_suite[r.suite].insert(r.slot);
  for (const auto& [suite, slots] : slots_of_suite) EXPECT_EQ(slots.size(), 1u) << suite;
}

TEST_F(Scheduler, SendsTestsInTheUnitsOrder) {
  run({unit({"S.c", "S.a", "S.b"})});
  ASSERT_EQ(pool.runs().size(), 1u);
  EXPECT_THAT(pool.runs()[0].batch().tests, ElementsAre("S.c", "S.a", "S.b"));
  EXPECT_THAT(observer.names(), ElementsAre("S.c", "S.a", "S.b"));
}

TEST_F(Scheduler, TestNeverReportedBeforeBatchDoneIsReportedFailed) {
  pool.behaviour = {{"U.missing", Behaviour::unreported}};
  run({unit({"U.a", "U.missing", "U.c"})});

  const TestResult* missing = observer.result("U.missing");
  ASSERT_NE(missing, nullptr);
  EXPECT_EQ(missing->outcome, Outcome::failed);
  ASSERT_EQ(missing->failures.size(), 1u);
  EXPECT_THAT(missing->failures[0].message, HasSubstr("without running this test"));
  EXPECT_EQ(missing->suite, "U");
  EXPECT_EQ(observer.finished.size(), 3u);
}

TEST_F(Scheduler, TestsOfAnotherBinaryGetANewWorker) {
  config.slots = 1;
  run({unit(0, {"A.a"}), unit(1, {"B.b"})});

  ASSERT_EQ(pool.calls.size(), 6u);
  EXPECT_EQ(pool.calls[0].type, PoolCall::start);
  EXPECT_EQ(pool.calls[0].binary, 0);
  EXPECT_TRUE(pool.calls[1].is_run());
  EXPECT_THAT(pool.calls[1].batch().tests, ElementsAre("A.a"));
  EXPECT_TRUE(pool.calls[2].is_shutdown());
  EXPECT_EQ(pool.calls[3].type, PoolCall::start);
  EXPECT_EQ(pool.calls[3].binary, 1);
  EXPECT_TRUE(pool.calls[4].is_run());
  EXPECT_THAT(pool.calls[4].batch().tests, ElementsAre("B.b"));
  EXPECT_TRUE(pool.calls[5].is_shutdown());
  EXPECT_EQ(observer.result("A.a")->binary, 0);
  EXPECT_EQ(observer.result("B.b")->binary, 1);
  ASSERT_EQ(observer.started.size(), 2u);
  EXPECT_EQ(observer.started[1].binary, 1);
}

TEST_F(Scheduler, RunningWorkerPrefersUnitsOfItsOwnBinary) {
  config.slots = 1;
  run({unit(0, {"A.a"}), unit(1, {"B.b"}), unit(0, {"C.c"})});

  EXPECT_THAT(pool.start_calls(), ElementsAre(std::pair{1, 0}, std::pair{1, 1}));
  EXPECT_THAT(observer.names(), ElementsAre("A.a", "C.c", "B.b"));
}

TEST_F(Scheduler, ShutsDownIdleWorkersWhenTheQueueIsEmpty) {
  config.slots = 2;
  run({unit({"A.a"}), unit({"B.b"})});
  int shutdowns = 0;
  for (const auto& c : pool.calls) shutdowns += c.is_shutdown() ? 1 : 0;
  EXPECT_EQ(shutdowns, 2);
  EXPECT_EQ(pool.kills(), 0);
}

TEST_F(Scheduler, ForwardsPublishedSignalsToTheObserver) {
  pool.extra_messages["P.a"] = {protocol::Published{"orders.count", "12"}};
  run({unit({"P.a"})});
  ASSERT_EQ(observer.publications.size(), 1u);
  EXPECT_EQ(observer.publications[0].slot, 1);
  EXPECT_EQ(observer.publications[0].key, "orders.count");
  EXPECT_EQ(observer.publications[0].value, "12");
}

TEST_F(Scheduler, ForwardsSuiteErrorsAsSuiteFailures) {
  pool.extra_messages["E.a"] = {
      protocol::SuiteError{0, "E", {{"e_test.cpp", 7, "SetUpTestSuite failed"}}, {"setup output\n", 0}},
      protocol::SuiteError{0, "", {{"", 0, "global environment failed"}}, {}}};
  run({unit({"E.a"})});

  ASSERT_EQ(observer.finished.size(), 3u);
  std::vector<const TestResult*> suite_errors;
  for (const auto& r : observer.finished) {
    if (r.suite_error) suite_errors.push_back(&r);
  }
  ASSERT_EQ(suite_errors.size(), 2u);
  EXPECT_EQ(suite_errors[0]->suite, "E");
  EXPECT_EQ(suite_errors[0]->name, "E");
  EXPECT_EQ(suite_errors[0]->outcome, Outcome::failed);
  EXPECT_EQ(suite_errors[0]->failures[0].message, "SetUpTestSuite failed");
  EXPECT_EQ(suite_errors[0]->output.text, "setup output\n");
  EXPECT_EQ(suite_errors[1]->suite, "(global environment)");
  EXPECT_EQ(observer.result("E.a")->outcome, Outcome::passed);
}

TEST_F(Scheduler, TellsTheObserverWhenWorkersStartAndTestsStart) {
  config.slots = 2;
  run({unit({"A.a"}), unit({"B.b"})});
  ASSERT_EQ(observer.workers_started.size(), 2u);
  for (const auto& [slot, seconds] : observer.workers_started) EXPECT_DOUBLE_EQ(seconds, 0.25);
  ASSERT_EQ(observer.started.size(), 2u);
  for (const auto& s : observer.started) EXPECT_EQ(s.binary, 0);
}

TEST_F(Scheduler, IgnoresMessagesOfAnEarlierBatch) {
  // A TestFinished that names an old batch must not count for the new one.
  pool.extra_messages["S.a"] = {protocol::TestFinished{9999, "S.b", protocol::TestStatus::failed, 0, {}, {}}};
  run({unit({"S.a", "S.b"})});
  ASSERT_EQ(observer.finished.size(), 2u);
  EXPECT_EQ(observer.result("S.b")->outcome, Outcome::passed);
}

TEST(TestOutcome, NamesAndFailureClasses) {
  EXPECT_EQ(runner::to_string(Outcome::passed), "passed");
  EXPECT_EQ(runner::to_string(Outcome::timed_out), "timed out");
  EXPECT_TRUE(runner::is_failure(Outcome::failed));
  EXPECT_TRUE(runner::is_failure(Outcome::crashed));
  EXPECT_TRUE(runner::is_failure(Outcome::timed_out));
  EXPECT_FALSE(runner::is_failure(Outcome::passed));
  EXPECT_FALSE(runner::is_failure(Outcome::skipped));
}

TEST_F(Scheduler, HandsSeveralSmallUnitsAtOnceWhileMuchWorkRemains) {
  config.slots = 2;
  std::vector<WorkUnit> units;
  for (int i = 0; i < 40; ++i) {
    auto u = unit({"S" + std::to_string(i) + ".t"});
    u.position = 40 - i;  // listed in the opposite order to the queue
    units.push_back(u);
  }
  run(units);
  const auto batches = pool.runs();
  EXPECT_LT(batches.size(), 40u) << "small units should travel together";
  ASSERT_GE(batches.front().batch().tests.size(), 2u);
  // A chunk is sent in registration order, so the worker can run it in one go.
  // The first chunk takes S0..S4 off the queue and sends them as listed.
  EXPECT_EQ(batches.front().batch().tests[0], "S4.t");
  EXPECT_EQ(observer.finished.size(), 40u);
  // The last batches are single units, which keeps the finish balanced.
  EXPECT_EQ(batches.back().batch().tests.size(), 1u);
}

TEST_F(Scheduler, UnitsEstimatedAtZeroStillSpreadOverEveryWorker) {
  config.slots = 2;
  std::vector<WorkUnit> units;
  for (int i = 0; i < 40; ++i) {
    auto u = unit({"Z" + std::to_string(i) + ".t"});
    u.estimate_seconds = 0;
    units.push_back(u);
  }
  run(units);
  EXPECT_EQ(pool.starts(), 2);
  std::set<int> slots_used;
  for (const auto& r : pool.runs()) slots_used.insert(r.slot);
  EXPECT_EQ(slots_used.size(), 2u);
}

TEST_F(Scheduler, KillsAWorkerThatIgnoresShutdown) {
  config.timeout_seconds = 0.05;
  pool.ignores_shutdown = true;
  const auto outcome = run({unit({"A.a"})});
  EXPECT_FALSE(outcome.infrastructure_error);
  EXPECT_EQ(pool.kills(), 1);
  ASSERT_EQ(observer.finished.size(), 1u);
  EXPECT_EQ(observer.finished[0].outcome, Outcome::passed);
}

TEST_F(Scheduler, FailfastDoesNotStartAWorkerForWorkSetAsideBeforeTheFailure) {
  config.slots = 2;
  config.failfast = true;
  pool.behaviour = {{"B.fail", Behaviour::fail}};
  const auto outcome = run({unit(0, {"A.a"}), unit(0, {"B.fail"}), unit(1, {"C.c"})});
  EXPECT_TRUE(outcome.stopped_by_failfast);
  EXPECT_EQ(pool.starts(), 2);
  EXPECT_EQ(outcome.units_not_run, 1);
}

}  // namespace
}  // namespace dbtest::unit
