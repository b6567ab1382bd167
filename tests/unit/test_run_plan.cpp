// Which units a run hands out, in which order: --sequence, --replay,
// --last-failed, --failed-first, --shuffle, --repeat.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "app/run_plan.hpp"
#include "base/errors.hpp"
#include "unit_support.hpp"

namespace dbtest::unit {
namespace {

using runner::Options;
using runner::RunHistory;
using runner::RunRecord;
using runner::Selection;
using runner::WorkUnit;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

// Two binaries: A holds suites S and T, B holds suite U.
Selection two_binaries() {
  Selection s;
  s.binary_names = {"bin/a", "bin/b"};
  s.binary_keys = {"bin/a", "bin/b"};
  for (const char* name : {"a1", "a2"}) s.tests.push_back({0, {"S", name}});
  s.tests.push_back({0, {"T", "t1"}});
  s.tests.push_back({1, {"U", "u1"}});
  return s;
}

std::vector<WorkUnit> planned(const Selection& s) {
  return runner::plan_work(s.tests, s.binary_keys, runner::Distribution::suite, {});
}

std::vector<std::string> names(const std::vector<WorkUnit>& units) {
  std::vector<std::string> out;
  for (const auto& u : units) {
    for (const auto& t : u.tests) out.push_back(t);
  }
  return out;
}

class RunPlan : public ::testing::Test {
 protected:
  runner::RunPlan plan(const Options& options) {
    return runner::make_run_plan(options, selection, planned(selection), history);
  }
  std::string usage_error(const Options& options) {
    try {
      plan(options);
    } catch (const UsageError& e) {
      return e.what();
    }
    return "";
  }
  // A recorded run in which worker 1 ran S.a1 then S.a2 (failed) in one
  // process, then T.t1 in a second one.
  void record_a_run() {
    RunRecord r;
    r.id = "0123456789ab";
    r.started_at = "2026-01-01T00:00:00.000Z";
    r.binaries = {"bin/a", "bin/b"};
    r.record_worker_start(1);
    r.record_test(1, 0, "S.a1", runner::Outcome::passed);
    r.record_test(1, 0, "S.a2", runner::Outcome::failed);
    r.record_worker_start(1);
    r.record_test(1, 0, "T.t1", runner::Outcome::passed);
    r.record_worker_start(2);
    r.record_test(2, 1, "U.u1", runner::Outcome::passed);
    history.save(r);
  }

  TempDir state;
  RunHistory history{state.path()};
  Selection selection = two_binaries();
};

TEST_F(RunPlan, ASequenceRunsAsGivenOnOneFreshWorker) {
  Options o;
  o.sequence = {"T.t1", "S.a2"};
  const auto p = plan(o);
  ASSERT_EQ(p.units.size(), 1u);
  EXPECT_THAT(p.units[0].tests, ElementsAre("T.t1", "S.a2"));
  EXPECT_TRUE(p.units[0].needs_fresh_worker);
  EXPECT_TRUE(p.keep_order);
  EXPECT_EQ(p.workers, 1);
}

TEST_F(RunPlan, ASequenceMustStayInOneBinaryAndNameKnownTests) {
  Options o;
  o.sequence = {"S.a1", "U.u1"};
  EXPECT_THAT(usage_error(o), HasSubstr("not all in one test binary"));
  o.sequence = {"S.nope"};
  EXPECT_THAT(usage_error(o), HasSubstr("no selected test is named 'S.nope'"));
}

TEST_F(RunPlan, AReplayRunsEachRecordedProcessOnAFreshWorker) {
  record_a_run();
  Options o;
  o.replay = {{"last", 1}};
  const auto p = plan(o);
  ASSERT_EQ(p.units.size(), 2u);
  EXPECT_THAT(p.units[0].tests, ElementsAre("S.a1", "S.a2"));
  EXPECT_THAT(p.units[1].tests, ElementsAre("T.t1"));
  EXPECT_TRUE(p.units[1].needs_fresh_worker);
  EXPECT_EQ(p.workers, 1);
}

TEST_F(RunPlan, AReplayOfWhatIsNotRecordedIsAUsageError) {
  Options o;
  o.replay = {{"last", 1}};
  EXPECT_THAT(usage_error(o), HasSubstr("no run is recorded"));
  record_a_run();
  o.replay = {{"0123456789ab", 7}};
  EXPECT_THAT(usage_error(o), HasSubstr("had no worker 7"));
}

TEST_F(RunPlan, LastFailedKeepsOnlyWhatFailed) {
  record_a_run();
  Options o;
  o.last_failed = true;
  EXPECT_THAT(names(plan(o).units), ElementsAre("S.a2"));
}

TEST_F(RunPlan, FailedFirstPutsThemAtTheFront) {
  record_a_run();
  Options o;
  o.failed_first = true;
  const auto p = plan(o);
  EXPECT_EQ(names(p.units).front(), "S.a2");
  EXPECT_EQ(names(p.units).size(), 4u);
  EXPECT_TRUE(p.keep_order);
}

TEST_F(RunPlan, WithNothingRecordedLastFailedRunsEverything) {
  Options o;
  o.last_failed = true;
  const auto p = plan(o);
  EXPECT_EQ(names(p.units).size(), 4u);
  EXPECT_THAT(p.notes.back(), HasSubstr("no test failed in the last recorded run"));
}

TEST_F(RunPlan, AShuffleWithASeedIsRepeatableAndSaysItsSeed) {
  Options o;
  o.shuffle = "42";
  const auto first = plan(o);
  EXPECT_EQ(names(first.units), names(plan(o).units));
  EXPECT_EQ(first.seed, 42u);
  EXPECT_THAT(first.notes.back(), HasSubstr("--shuffle=42 repeats this order"));
  o.shuffle = "x";
  EXPECT_THAT(usage_error(o), HasSubstr("--shuffle takes a seed of digits only"));
}

TEST_F(RunPlan, RepeatRunsEveryUnitThatManyTimesUnderIdsOfTheirOwn) {
  Options o;
  o.repeat = 3;
  const auto p = plan(o);
  EXPECT_EQ(p.test_count(), 12);
  for (std::size_t i = 0; i < p.units.size(); ++i) EXPECT_EQ(p.units[i].id, static_cast<int>(i));
}

}  // namespace
}  // namespace dbtest::unit
