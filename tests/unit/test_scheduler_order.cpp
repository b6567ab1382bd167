// The scheduler when an order was asked for, when a unit needs a worker of
// its own, and when failed tests get another chance (--retries).
#include "scheduler_fixture.hpp"

namespace dbtest::unit {
namespace {

std::vector<std::string> sent_tests(const FakeWorkerPool& pool) {
  std::vector<std::string> out;
  for (const auto& r : pool.runs()) {
    for (const auto& t : r.batch().tests) out.push_back(t);
  }
  return out;
}

TEST_F(Scheduler, AGivenOrderIsKeptInsideBatches) {
  config.keep_order = true;
  std::vector<WorkUnit> units;
  for (int i = 0; i < 40; ++i) {
    auto u = unit({"S" + std::to_string(i) + ".t"});
    u.position = 40 - i;  // registration order is the opposite
    units.push_back(u);
  }
  run(units);
  const auto sent = sent_tests(pool);
  ASSERT_EQ(sent.size(), 40u);
  for (int i = 0; i < 40; ++i) EXPECT_EQ(sent[static_cast<std::size_t>(i)], "S" + std::to_string(i) + ".t");
  EXPECT_LT(pool.runs().size(), 40u) << "neighbours still travel together";
}

TEST_F(Scheduler, AGivenOrderTakesTheFrontUnitEvenOfAnotherBinary) {
  config.keep_order = true;
  run({unit(0, {"A.a"}), unit(1, {"B.a"}), unit(0, {"A.b"})});
  EXPECT_THAT(sent_tests(pool), ElementsAre("A.a", "B.a", "A.b"));
  EXPECT_EQ(pool.starts(), 3);  // a worker per change of binary
}

TEST_F(Scheduler, AUnitThatNeedsAFreshWorkerRunsAloneOnANewOne) {
  std::vector<WorkUnit> units = {unit({"P.a"}), unit({"P.b"}), unit({"P.c"})};
  for (auto& u : units) u.needs_fresh_worker = true;
  run(units);
  EXPECT_EQ(pool.starts(), 3);
  ASSERT_EQ(pool.runs().size(), 3u);
  std::set<int> batches;
  for (const auto& r : pool.runs()) {
    EXPECT_EQ(r.batch().tests.size(), 1u);
    batches.insert(static_cast<int>(r.batch().batch));
  }
  EXPECT_EQ(batches.size(), 3u);
}

TEST_F(Scheduler, ResultsCarryTheIdOfTheirUnit) {
  config.slots = 2;
  auto first = unit({"Probe.victim"});
  first.id = 7;
  first.needs_fresh_worker = true;
  auto second = unit({"Other.t", "Probe.victim2"});
  second.id = 8;
  second.needs_fresh_worker = true;
  run({first, second});
  EXPECT_EQ(observer.result("Probe.victim")->unit_id, 7);
  EXPECT_EQ(observer.result("Probe.victim2")->unit_id, 8);
  EXPECT_EQ(observer.result("Other.t")->unit_id, 8);
}

TEST_F(Scheduler, AFailedTestIsRetriedOnAFreshWorkerUpToTheLimit) {
  config.retries = 2;
  pool.behaviour = {{"F.fails", Behaviour::fail}};
  const auto outcome = run({unit({"F.before", "F.fails", "F.after"})});
  EXPECT_FALSE(outcome.infrastructure_error);
  std::vector<int> attempts;
  for (const auto& r : observer.finished) {
    if (r.name == "F.fails") attempts.push_back(r.attempt);
  }
  EXPECT_THAT(attempts, ElementsAre(1, 2, 3));
  EXPECT_EQ(pool.starts(), 3);  // the first worker, then one for each retry
  const auto runs = pool.runs();
  ASSERT_EQ(runs.size(), 3u);
  EXPECT_THAT(runs[1].batch().tests, ElementsAre("F.fails"));
  EXPECT_THAT(runs[2].batch().tests, ElementsAre("F.fails"));
}

TEST_F(Scheduler, ACrashedTestIsRetriedAndTheRestOfItsUnitStillRuns) {
  config.retries = 1;
  pool.behaviour = {{"C.b", Behaviour::crash}};
  run({unit({"C.a", "C.b", "C.c"})});
  int crashed_runs = 0;
  for (const auto& r : observer.finished) crashed_runs += r.name == "C.b" ? 1 : 0;
  EXPECT_EQ(crashed_runs, 2);
  EXPECT_EQ(observer.result("C.c")->outcome, Outcome::passed);
}

TEST_F(Scheduler, WithoutRetriesAFailureRunsOnce) {
  pool.behaviour = {{"F.fails", Behaviour::fail}};
  run({unit({"F.fails"})});
  EXPECT_EQ(observer.finished.size(), 1u);
  EXPECT_EQ(observer.finished[0].attempt, 1);
}

TEST_F(Scheduler, SuiteErrorsAreNotRetried) {
  config.retries = 3;
  pool.crashes_before["S.b"] = 100;
  run({unit({"S.a", "S.b"})});
  int suite_errors = 0;
  for (const auto& r : observer.finished) suite_errors += r.suite_error ? 1 : 0;
  EXPECT_EQ(suite_errors, 1);
}

TEST_F(Scheduler, FailfastWaitsForTheLastRetry) {
  config.retries = 1;
  config.failfast = true;
  pool.behaviour = {{"F.fails", Behaviour::fail}};
  const auto outcome = run({unit({"F.fails"}), unit({"G.a"})});
  EXPECT_TRUE(outcome.stopped_by_failfast);
  int runs_of_failing = 0;
  for (const auto& r : observer.finished) runs_of_failing += r.name == "F.fails" ? 1 : 0;
  EXPECT_EQ(runs_of_failing, 2);
}

}  // namespace
}  // namespace dbtest::unit
