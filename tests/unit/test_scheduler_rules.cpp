// The scheduler under --serial, --group and --stage: a serial unit runs
// alone, a group keeps its limit, stages run one after the other on their
// workers, and a failed stage stops the later ones unless --keep-going.
#include "scheduler_fixture.hpp"

namespace dbtest::unit {
namespace {

WorkUnit in_stage(WorkUnit u, int stage) {
  u.stage = stage;
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

}  // namespace
}  // namespace dbtest::unit
