// The scheduler under --serial, --group and --stage: a serial unit runs
// alone, a group keeps its limit, stages run one after the other on their
// workers, and a failed stage stops the later ones unless --keep-going; and
// --keep-failed-db keeps the clone of a failed test, up to its limit; and
// a test's own timeout and retries (dbtest.toml's overrides) beat the run's.
#include "scheduler_fixture.hpp"

namespace dbtest::unit {
namespace {

WorkUnit in_stage(WorkUnit u, int stage) {
  u.stage = stage;
  return u;
}

WorkUnit with_limits(WorkUnit u, const std::string& test, runner::TestLimits limits) {
  u.limits[test] = limits;
  return u;
}

TEST_F(Scheduler, ASerialUnitWaitsForWhatRunsAndOthersWaitForIt) {
  config.slots = 2;
  pool.behaviour = {{"X.slow", Behaviour::slow}};
  auto serial = unit({"S.a"});
  serial.serial = true;
  run({unit({"X.slow"}), serial, unit({"Y.a"})});
  // Y.a overtakes S.a, which starts only once X.slow has ended.
  EXPECT_THAT(observer.names(), ElementsAre("Y.a", "X.slow", "S.a"));
}

TEST_F(Scheduler, NothingStartsBesideASerialUnit) {
  config.slots = 2;
  pool.behaviour = {{"S.slow", Behaviour::slow}};
  auto serial = unit({"S.slow"});
  serial.serial = true;
  run({serial, unit({"Y.a"})});
  EXPECT_THAT(observer.names(), ElementsAre("S.slow", "Y.a"));
}

TEST_F(Scheduler, AGroupOfOneRunsItsUnitsOneAtATime) {
  config.slots = 2;
  config.group_limits = {1};
  pool.behaviour = {{"G.slow", Behaviour::slow}};
  auto first = unit({"G.slow"});
  auto second = unit({"G.b"});
  first.groups = second.groups = {0};
  run({first, second, unit({"Z.a"})});
  EXPECT_THAT(observer.names(), ElementsAre("Z.a", "G.slow", "G.b"));
}

TEST_F(Scheduler, ARetryKeepsItsUnitsRules) {
  config.slots = 2;
  config.retries = 1;
  pool.behaviour = {{"S.fails", Behaviour::fail}, {"Y.slow", Behaviour::slow}};
  auto serial = unit({"S.fails"});
  serial.serial = true;
  run({serial, unit({"Y.slow"})});
  // The retry of S.fails waits for Y.slow, which started after the first try.
  EXPECT_THAT(observer.names(), ElementsAre("S.fails", "Y.slow", "S.fails"));
}

TEST_F(Scheduler, AStageStartsOnlyAfterTheLastUnitOfTheStageBeforeEnds) {
  config.slots = 2;
  config.stage_workers = {0, 0};
  pool.behaviour = {{"A.slow", Behaviour::slow}};
  run({in_stage(unit({"A.slow"}), 0), in_stage(unit({"B.a"}), 1)});
  EXPECT_THAT(observer.names(), ElementsAre("A.slow", "B.a"));
}

TEST_F(Scheduler, AStageUsesNoMoreWorkersThanItsLimit) {
  config.slots = 2;
  config.stage_workers = {1, 0};
  pool.behaviour = {{"A.slow", Behaviour::slow}, {"C.slow", Behaviour::slow}};
  run({in_stage(unit({"A.slow"}), 0), in_stage(unit({"A.b"}), 0), in_stage(unit({"C.slow"}), 1),
       in_stage(unit({"C.b"}), 1)});
  // Stage 0 runs on one worker; stage 1, without a limit, on both.
  EXPECT_THAT(observer.names(), ElementsAre("A.slow", "A.b", "C.b", "C.slow"));
}

TEST_F(Scheduler, UnitsOfDifferentStagesAreNeverOneBatch) {
  config.stage_workers = {0, 0};
  std::vector<WorkUnit> units;
  for (int i = 0; i < 20; ++i) units.push_back(in_stage(unit({"S" + std::to_string(i) + ".t"}), i < 10 ? 0 : 1));
  run(units);
  for (const auto& r : pool.runs()) {
    const auto& tests = r.batch().tests;
    const bool first_stage = std::stoi(tests.front().substr(1)) < 10;
    for (const auto& t : tests) EXPECT_EQ(std::stoi(t.substr(1)) < 10, first_stage) << t;
  }
  EXPECT_LT(pool.runs().size(), 20u) << "units of one stage still travel together";
}

TEST_F(Scheduler, AFailedStageKeepsTheLaterStagesFromRunning) {
  config.slots = 2;
  config.stage_workers = {0, 0, 0};
  pool.behaviour = {{"A.fails", Behaviour::fail}, {"A.slow", Behaviour::slow}};
  const auto outcome = run({in_stage(unit({"A.fails"}), 0), in_stage(unit({"A.slow"}), 0), in_stage(unit({"B.a"}), 1),
                            in_stage(unit({"C.a"}), 2)});
  ASSERT_TRUE(outcome.failed_stage);
  EXPECT_EQ(*outcome.failed_stage, 0);
  // The stage itself runs to its end.
  EXPECT_THAT(observer.names(), ElementsAre("A.fails", "A.slow"));
}

TEST_F(Scheduler, KeepGoingRunsTheLaterStagesAfterAFailure) {
  config.stage_workers = {0, 0};
  config.keep_going = true;
  pool.behaviour = {{"A.fails", Behaviour::fail}};
  const auto outcome = run({in_stage(unit({"A.fails"}), 0), in_stage(unit({"B.a"}), 1)});
  EXPECT_FALSE(outcome.failed_stage);
  EXPECT_THAT(observer.names(), ElementsAre("A.fails", "B.a"));
}

TEST_F(Scheduler, AFailureThatARetryMayStillTurnDoesNotStopTheStages) {
  config.stage_workers = {0, 0};
  config.retries = 1;
  pool.behaviour = {{"A.fails", Behaviour::fail}};
  const auto outcome = run({in_stage(unit({"A.fails"}), 0), in_stage(unit({"B.a"}), 1)});
  // The retry runs in its stage, before the next one; it fails too, so the
  // next stage does not run.
  EXPECT_THAT(observer.names(), ElementsAre("A.fails", "A.fails"));
  ASSERT_TRUE(outcome.failed_stage);
}

TEST_F(Scheduler, KeepsTheCloneOfAFailedTestWithWhatRanOnItBefore) {
  config.keep_failed_databases = 5;
  pool.behaviour = {{"A.fails", Behaviour::fail}};
  run({unit({"A.first", "A.second", "A.fails"}), unit({"B.after"})});
  const auto* failed = observer.result("A.fails");
  ASSERT_NE(failed, nullptr);
  EXPECT_EQ(failed->kept_database, "open clone 1 of slot 1");
  EXPECT_THAT(failed->ran_before_on_clone, ElementsAre("A.first", "A.second"));
  EXPECT_EQ(pool.starts(), 2) << "the kept clone's worker goes; B.after gets a fresh one";
}

TEST_F(Scheduler, KeepsNoMoreClonesThanItsLimitAndCountsTheRest) {
  config.keep_failed_databases = 2;
  pool.behaviour = {{"A.fails", Behaviour::fail}, {"B.fails", Behaviour::fail}, {"C.fails", Behaviour::fail}};
  const auto outcome = run({unit({"A.fails"}), unit({"B.fails"}), unit({"C.fails"})});
  EXPECT_EQ(pool.clones_kept, 2);
  EXPECT_EQ(outcome.databases_not_kept, 1);
  EXPECT_TRUE(observer.result("C.fails")->kept_database.empty());
}

TEST_F(Scheduler, ATestsOwnTimeoutEndsItWhileTheOthersKeepTheRunsTimeout) {
  config.slots = 2;
  config.timeout_seconds = 0.3;
  pool.behaviour = {{"H.hangs", Behaviour::hang}, {"K.hangs", Behaviour::hang}};
  const auto outcome = run({with_limits(unit({"H.hangs", "H.after"}), "H.hangs", {0.05, std::nullopt}), unit({"K.hangs"})});
  EXPECT_FALSE(outcome.infrastructure_error);
  EXPECT_EQ(pool.kills(), 2);
  ASSERT_NE(observer.result("H.hangs"), nullptr);
  EXPECT_EQ(observer.result("H.hangs")->outcome, Outcome::timed_out);
  EXPECT_THAT(observer.result("H.hangs")->failures.at(0).message, HasSubstr("timed out after 0.05 s"));
  EXPECT_THAT(observer.result("K.hangs")->failures.at(0).message, HasSubstr("timed out after 0.3 s"));
  EXPECT_EQ(observer.result("H.after")->outcome, Outcome::passed);
  // The test with the shorter limit ended first.
  EXPECT_EQ(observer.finished.front().name, "H.hangs");
}

TEST_F(Scheduler, ATestsOwnTimeoutAppliesWithoutARunTimeoutAndInABatch) {
  // Small units share batches; the hanging test's limit goes with it.
  std::vector<WorkUnit> units;
  for (const char* name : {"A.a", "B.a", "C.a", "D.a", "E.a", "F.a", "G.a"}) units.push_back(unit({name}));
  units.push_back(with_limits(unit({"H.hangs"}), "H.hangs", {0.05, std::nullopt}));
  pool.behaviour = {{"H.hangs", Behaviour::hang}};
  run(units);
  EXPECT_EQ(observer.result("H.hangs")->outcome, Outcome::timed_out);
  EXPECT_EQ(observer.finished.size(), 8u);
  EXPECT_LT(pool.runs().size(), 8u) << "no batch held more than one unit";
}

TEST_F(Scheduler, ATestsOwnRetriesBeatTheRuns) {
  config.retries = 1;
  pool.behaviour = {{"F.more", Behaviour::fail}, {"F.none", Behaviour::fail}, {"F.run", Behaviour::fail}};
  auto u = unit({"F.more", "F.none", "F.run"});
  u.limits["F.more"] = {std::nullopt, 3};
  u.limits["F.none"] = {std::nullopt, 0};
  run({u});
  std::map<std::string, std::vector<int>> attempts;
  for (const auto& r : observer.finished) attempts[r.name].push_back(r.attempt);
  EXPECT_THAT(attempts["F.more"], ElementsAre(1, 2, 3, 4));
  EXPECT_THAT(attempts["F.none"], ElementsAre(1));
  EXPECT_THAT(attempts["F.run"], ElementsAre(1, 2));
}

TEST_F(Scheduler, ARetryKeepsItsTestsOwnTimeout) {
  config.retries = 0;
  pool.behaviour = {{"H.hangs", Behaviour::hang}};
  run({with_limits(unit({"H.hangs"}), "H.hangs", {0.05, 1})});
  std::vector<int> attempts;
  for (const auto& r : observer.finished) {
    EXPECT_EQ(r.outcome, Outcome::timed_out);
    attempts.push_back(r.attempt);
  }
  EXPECT_THAT(attempts, ElementsAre(1, 2));
}

}  // namespace
}  // namespace dbtest::unit
