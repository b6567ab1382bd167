// Orders and reruns on the hunt suite (suites/hunt_suite.cpp), on every
// engine: --shuffle and --reverse change the order, --retries tells flaky
// tests apart, --replay runs a recorded worker's tests again, and
// --last-failed, --failed-first and --repeat rerun failures.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "support/hunt_suite_runs.hpp"

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

namespace e2e {
namespace {

class Reruns : public ::testing::TestWithParam<Engine> {};

// One seed, one order: twice, on a subset, and in a real run.
TEST_P(Reruns, ShuffleWithOneSeedGivesOneOrderOnAnySubset) {
  E2E_REQUIRE_ENGINE(target, GetParam());
  Sandbox box;
  const std::string seed = "20240501";
  const auto list = [&](const std::vector<std::string>& options) { return run_hunt_suite(box, target, concat(options, {"--list"})); };

  const auto first = list({"--shuffle=" + seed});
  EXPECT_EQ(first.err, "dbtest: shuffled with seed " + seed + "; --shuffle=" + seed + " repeats this order\n");
  const auto whole = listed(first);
  ASSERT_EQ(whole.size(), 197u) << first.out;
  EXPECT_EQ(listed(list({"--shuffle=" + seed})), whole);
  const auto planned = listed(list({}));
  EXPECT_NE(whole, planned);
  EXPECT_EQ(std::multiset<std::string>(whole.begin(), whole.end()), std::multiset<std::string>(planned.begin(), planned.end()));
  EXPECT_NE(listed(list({"--shuffle=" + seed + "1"})), whole);
  // --dist suite (the default) keeps each suite in one stretch.
  for (const auto& [suite_name, stretches] : suite_stretches(whole)) EXPECT_EQ(stretches, 1) << suite_name;

  // A subset keeps the relative order of the whole.
  const std::string subset_filter = "Neutral.Query0?0:Polluter.*:Victim.*:HalfA.*:HalfB.*:Pairs.*";
  const auto subset = listed(list({"--shuffle=" + seed, "--filter", subset_filter}));
  EXPECT_EQ(subset.size(), 15u);
  EXPECT_EQ(subset, only(whole, std::set<std::string>(subset.begin(), subset.end())));

  // --dist test shuffles single tests: the neutral ones are spread out, and
  // a subset again keeps the order of the whole.
  const auto spread = listed(list({"--shuffle=" + seed, "--dist", "test"}));
  EXPECT_GT(suite_stretches(spread)["Neutral"], 1);
  const auto spread_subset = listed(list({"--shuffle=" + seed, "--dist", "test", "--filter", subset_filter}));
  EXPECT_EQ(spread_subset, only(spread, std::set<std::string>(subset.begin(), subset.end())));

  // A real run on one worker runs what --list printed, in that order.
  const std::string cast = kTenNeutral + ":Polluter.*:Victim.*:HalfA.*:HalfB.*";
  const auto expected = listed(list({"--shuffle=" + seed, "--dist", "test", "--filter", cast}));
  const auto run = run_hunt_suite(box, target, {"--shuffle=" + seed, "--dist", "test", "--parallel", "1", "-v", "--filter", cast});
  EXPECT_THAT(run.out, HasSubstr("dbtest: shuffled with seed " + seed + "; --shuffle=" + seed + " repeats this order\n"));
  EXPECT_THAT(run.out, HasSubstr("\nOrder: shuffled with seed " + seed + "; --shuffle=" + seed + " repeats this order\n"));
  EXPECT_EQ(reported_tests(run.out), expected) << run.out;
  const auto record = read_record(box, new_run_id(box, {}));
  EXPECT_EQ(record.order, "shuffle");
  EXPECT_EQ(record.seed, seed);
  ASSERT_EQ(record.processes.size(), 1u);
  EXPECT_EQ(names_of(record.processes[0]), expected);
}

// --reverse runs the planned order backwards.
TEST_P(Reruns, ReverseRunsThePlannedOrderBackwards) {
  E2E_REQUIRE_ENGINE(target, GetParam());
  Sandbox box;
  const std::string cast = kTenNeutral + ":Polluter.*:Victim.*";
  const auto planned = listed(run_hunt_suite(box, target, {"--dist", "test", "--filter", cast, "--list"}));
  ASSERT_EQ(planned.size(), 12u);
  auto backwards = planned;
  std::reverse(backwards.begin(), backwards.end());
  EXPECT_EQ(listed(run_hunt_suite(box, target, {"--dist", "test", "--filter", cast, "--reverse", "--list"})), backwards);

  // Backwards, the victim runs before the polluter and passes; the record
  // says which order ran.
  const auto run = run_hunt_suite(box, target, {"--dist", "test", "--parallel", "1", "-v", "--filter", cast, "--reverse"});
  EXPECT_EQ(run.exit_code, 0) << run.all();
  EXPECT_EQ(reported_tests(run.out), backwards) << run.out;
  const auto record = read_record(box, new_run_id(box, {}));
  EXPECT_EQ(record.order, "reverse");
  ASSERT_EQ(record.processes.size(), 1u);
  EXPECT_EQ(names_of(record.processes[0]), backwards);
}

// A test that fails once and passes on its retry is flaky, not failed.
TEST_P(Reruns, RetriesReportATestThatFailsOnceAsFlaky) {
  E2E_REQUIRE_ENGINE(target, GetParam());
  Sandbox box;
  const std::map<std::string, std::string> env = {{"HUNT_FLAKY_MARKER", (box.root() / "flaky-ran").string()}};
  const auto report = box.root() / "report.xml";
  const auto r = run_hunt_suite(
      box, target, {"--parallel", "2", "--retries", "2", "--junit-xml", report.string(), "--filter", kTenNeutral + ":Flaky.*"},
      env);
  EXPECT_EQ(r.exit_code, 0) << r.all();
  EXPECT_THAT(r.out, HasSubstr("Flaky tests (passed on a retry):\n  FLAKY     " + kFlaky + "  [" + suite("hunt_suite") +
                               "] passed on attempt 2\n"))
      << r.out;
  EXPECT_THAT(r.out, Not(HasSubstr("Failed tests:"))) << r.out;
  EXPECT_EQ(last_line(r.out), "10 passed, 0 failed, 0 skipped, 1 flaky") << r.out;

  const std::string xml = slurp(report);
  const auto testcase = xml.find("<testcase name=\"FailsOnItsFirstRunOnly\"");
  ASSERT_NE(testcase, std::string::npos) << xml;
  const std::string flaky_case = xml.substr(testcase, xml.find("</testcase>", testcase) - testcase);
  EXPECT_THAT(flaky_case, HasSubstr("<flakyFailure message=\"attempt 1: ")) << xml;
  EXPECT_THAT(flaky_case, HasSubstr("<stackTrace>")) << xml;
  EXPECT_THAT(flaky_case, HasSubstr("hunt_suite.cpp:")) << xml;
  EXPECT_THAT(xml, Not(HasSubstr("<failure"))) << xml;
  EXPECT_THAT(xml, HasSubstr("<testsuite name=\"Flaky\" tests=\"1\" failures=\"0\"")) << xml;

  // The retry ran on a worker process of its own, on a fresh clone. (The
  // record lists processes by slot, so the retry may come first.)
  const auto record = read_record(box, new_run_id(box, {}));
  std::map<std::string, std::vector<std::size_t>> processes_by_outcome;
  for (std::size_t p = 0; p < record.processes.size(); ++p) {
    for (const auto& t : record.processes[p].tests) {
      if (t.name == kFlaky) processes_by_outcome[t.outcome].push_back(p);
    }
  }
  ASSERT_EQ(processes_by_outcome["failed"].size(), 1u);
  ASSERT_EQ(processes_by_outcome["passed"].size(), 1u);
  const auto retry = processes_by_outcome["passed"].front();
  EXPECT_NE(processes_by_outcome["failed"].front(), retry);
  EXPECT_EQ(names_of(record.processes[retry]), std::vector<std::string>{kFlaky});

  // Beside a real failure, the flaky test is still counted as flaky, and the
  // real failure decides the exit status.
  Sandbox again;
  const auto mixed = run_hunt_suite(again, target, {"--parallel", "2", "--retries", "2", "--filter", kTenNeutral + ":Flaky.*:Alone.*"},
                                    {{"HUNT_FLAKY_MARKER", (again.root() / "flaky-ran").string()}});
  EXPECT_EQ(mixed.exit_code, 1) << mixed.all();
  EXPECT_THAT(mixed.out, HasSubstr("Failed tests:\n  FAILED    " + kAlone + "  [")) << mixed.out;
  EXPECT_EQ(last_line(mixed.out), "10 passed, 1 failed, 0 skipped, 1 flaky") << mixed.out;
}

// A failure that needs the polluter before it on the same clone: the victim
// passes on its own, and --replay of the recorded worker fails it again.
TEST_P(Reruns, ReplayReproducesAFailureThatNeedsAnEarlierTest) {
  E2E_REQUIRE_ENGINE(target, GetParam());
  Sandbox box;
  const auto failing = run_hunt_suite(box, target, {"--parallel", "1", "--filter", kTenNeutral + ":Polluter.*:Victim.*"});
  ASSERT_EQ(failing.exit_code, 1) << failing.all();
  const std::string failing_run = new_run_id(box, {});
  ASSERT_FALSE(failing_run.empty());
  const auto original = read_record(box, failing_run);
  ASSERT_EQ(original.processes.size(), 1u);
  ASSERT_EQ(original.processes[0].tests.size(), 12u);
  EXPECT_EQ(original.processes[0].tests.back().name, kVictim);
  EXPECT_EQ(original.processes[0].tests.back().outcome, "failed");

  const auto alone = run_hunt_suite(box, target, {"--filter", "Victim.*"});
  EXPECT_EQ(alone.exit_code, 0) << alone.all();

  for (const std::string& run : {failing_run, std::string("last")}) {
    const auto before = recorded_run_ids(box);
    const auto replay = run_hunt_suite(box, target, {"--replay", run + ":1"});
    EXPECT_EQ(replay.exit_code, 1) << run << "\n" << replay.all();
    EXPECT_THAT(replay.out, HasSubstr("FAILED: " + kVictim + "  [")) << replay.out;
    EXPECT_EQ(last_line(replay.out), "11 passed, 1 failed, 0 skipped") << replay.out;
    const auto replayed = read_record(box, new_run_id(box, before));
    ASSERT_EQ(replayed.processes.size(), 1u) << run;
    EXPECT_EQ(names_of(replayed.processes[0]), names_of(original.processes[0])) << run;
  }
  expect_nothing_left(box, target);
}

// --last-failed runs only what failed in the last run.
TEST_P(Reruns, LastFailedRunsOnlyWhatFailed) {
  E2E_REQUIRE_ENGINE(target, GetParam());
  Sandbox box;
  const std::vector<std::string> cast = {"--parallel", "2", "--filter", kTenNeutral + ":Alone.*"};
  const auto failing = run_hunt_suite(box, target, cast);
  ASSERT_EQ(failing.exit_code, 1) << failing.all();
  EXPECT_EQ(last_line(failing.out), "10 passed, 1 failed, 0 skipped") << failing.out;

  const auto r = run_hunt_suite(box, target, concat(cast, {"--last-failed", "-v"}));
  EXPECT_EQ(r.exit_code, 1) << r.all();
  EXPECT_THAT(r.out, HasSubstr("dbtest: running the 1 test that failed last time\n")) << r.out;
  EXPECT_THAT(reported_tests(r.out), ElementsAre(kAlone)) << r.out;
  EXPECT_EQ(last_line(r.out), "0 passed, 1 failed, 0 skipped") << r.out;

  // After a run where nothing failed, it runs everything.
  Sandbox clean;
  const std::vector<std::string> passing = {"--filter", kTenNeutral};
  ASSERT_EQ(run_hunt_suite(clean, target, passing).exit_code, 0);
  const auto all = run_hunt_suite(clean, target, concat(passing, {"--last-failed"}));
  EXPECT_EQ(all.exit_code, 0) << all.all();
  EXPECT_THAT(all.out, HasSubstr("dbtest: no test failed in the last recorded run; running every selected test\n"));
  EXPECT_EQ(last_line(all.out), "10 passed, 0 failed, 0 skipped") << all.out;
}

// --failed-first puts what failed in the last run before the rest.
TEST_P(Reruns, FailedFirstPutsTheFailedTestFirst) {
  E2E_REQUIRE_ENGINE(target, GetParam());
  Sandbox box;
  const std::vector<std::string> cast = {"--filter", kTenNeutral + ":Alone.*"};
  const auto planned = listed(run_hunt_suite(box, target, concat(cast, {"--list"})));
  ASSERT_EQ(planned.size(), 11u);
  EXPECT_EQ(planned.back(), kAlone);
  ASSERT_EQ(run_hunt_suite(box, target, cast).exit_code, 1);

  const auto first = listed(run_hunt_suite(box, target, concat(cast, {"--failed-first", "--list"})));
  ASSERT_EQ(first.size(), 11u);
  EXPECT_EQ(first.front(), kAlone);
  EXPECT_EQ(std::vector<std::string>(first.begin() + 1, first.end()), std::vector<std::string>(planned.begin(), planned.end() - 1));

  const auto r = run_hunt_suite(box, target, concat(cast, {"--failed-first", "--parallel", "1", "-v"}));
  EXPECT_EQ(r.exit_code, 1) << r.all();
  EXPECT_EQ(reported_tests(r.out), first) << r.out;
}

// --repeat runs the selection N times and says how often each test that did
// not always pass passed.
TEST_P(Reruns, RepeatCountsHowOftenEachTestPassed) {
  E2E_REQUIRE_ENGINE(target, GetParam());
  Sandbox box;
  // One worker: two copies of the flaky test at once could both find no marker.
  const auto r = run_hunt_suite(box, target, {"--parallel", "1", "--repeat", "3", "--filter", kTenNeutral + ":Flaky.*:Alone.*"},
                                {{"HUNT_FLAKY_MARKER", (box.root() / "flaky-ran").string()}});
  EXPECT_EQ(r.exit_code, 1) << r.all();
  const std::string binary = suite("hunt_suite");
  EXPECT_THAT(r.out, HasSubstr("Repeated 3 times:\n  " + kAlone + "  [" + binary + "] passed 0 of 3\n  " + kFlaky + "  [" +
                               binary + "] passed 2 of 3\n"))
      << r.out;
  EXPECT_THAT(r.out, Not(HasSubstr("Neutral.Query000  ["))) << r.out;
  EXPECT_EQ(last_line(r.out), "32 passed, 4 failed, 0 skipped") << r.out;

  Sandbox steady;
  const auto all_pass = run_hunt_suite(steady, target, {"--parallel", "2", "--repeat", "3", "--filter", kTenNeutral});
  EXPECT_EQ(all_pass.exit_code, 0) << all_pass.all();
  EXPECT_THAT(all_pass.out, HasSubstr("Repeated 3 times: every test passed every time\n")) << all_pass.out;
  EXPECT_EQ(last_line(all_pass.out), "30 passed, 0 failed, 0 skipped") << all_pass.out;
}

INSTANTIATE_TEST_SUITE_P(, Reruns, ::testing::ValuesIn(built_engines()),
                         [](const auto& param_info) { return engine_name(param_info.param); });

}  // namespace
}  // namespace e2e
