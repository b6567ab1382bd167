// Plain GoogleTest binaries, linked with GTest::gtest_main and never with
// dbtest's library: run in batches, their database and folders given
// through the environment.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>

#include "support/dbtest_run.hpp"

using ::testing::HasSubstr;
using ::testing::Not;

namespace e2e {
namespace {

// WorkingFolder.* writes one relative name in the working folder: it runs
// only with --isolate-cwd.
const std::string kSharedFolderTests = "-*WorkingFolder.*";

std::size_t count_of(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

int lines_in(const std::filesystem::path& file) { return static_cast<int>(lines_of(slurp(file)).size()); }

// Faults.Before, Faults.Misbehaves in PLAIN_MODE `mode`, Faults.After, on one worker.
RunOutput run_faults(const Sandbox& box, const std::string& mode, std::vector<std::string> more = {},
                     std::map<std::string, std::string> env = {}) {
  std::vector<std::string> args{"--parallel", "1"};
  args.insert(args.end(), more.begin(), more.end());
  args.insert(args.end(), {"--filter", "Faults.*", "--", suite("plain_suite")});
  env["PLAIN_MODE"] = mode;
  return run_dbtest(box, args, env);
}

TEST(PlainBinary, RunsWithTheSameCountsAsOnItsOwn) {
  Sandbox box;
  // On its own, without a database: the tests that need none.
  // Typed, parameterised, skipped, disabled and death tests.
  const std::string alone_filter = "Typed*:*WorkingFolder.*:Kinds.*:Faults.*:Death.*:Args.*";
  auto alone = run_command(suite("plain_suite"), {"--gtest_filter=" + alone_filter}, {}, box.root());
  ASSERT_EQ(alone.exit_code, 0) << alone.all();
  EXPECT_THAT(alone.out, HasSubstr("[  PASSED  ] 12 tests."));
  EXPECT_THAT(alone.out, HasSubstr("[  SKIPPED ] 2 tests"));
  auto r = run_dbtest(box, {"--parallel", "2", "--isolate-cwd", "--filter", alone_filter, "--", suite("plain_suite")});
  EXPECT_EQ(r.exit_code, 0) << r.all();
  EXPECT_EQ(last_line(r.out), "12 passed, 0 failed, 2 skipped") << r.all();
  EXPECT_TRUE(box.leftovers().empty());
}

TEST(PlainBinary, WorkersKeepToTheirOwnCloneAndTempFolderUnderRepeat) {
  Sandbox box;
  auto r = run_dbtest(box, {"--parallel", "4", "--dist", "test", "--repeat", "3", "--migrations", migrations("basic"),
                            "--filter", kSharedFolderTests, "--", suite("plain_suite")});
  EXPECT_EQ(r.exit_code, 0) << r.all();
  EXPECT_EQ(last_line(r.out), "63 passed, 0 failed, 6 skipped") << r.all();
  EXPECT_TRUE(box.leftovers().empty()) << ::testing::PrintToString(box.leftovers());
}

TEST(PlainBinary, IsolateCwdGivesEachWorkerItsOwnWorkingFolder) {
  Sandbox box;
  auto r = run_dbtest(box, {"--parallel", "4", "--dist", "test", "--repeat", "3", "--isolate-cwd", "--filter",
                            "*WorkingFolder.*:TempA.*", "--", suite("plain_suite")});
  EXPECT_EQ(r.exit_code, 0) << r.all();
  EXPECT_EQ(last_line(r.out), "15 passed, 0 failed, 0 skipped") << r.all();
  EXPECT_FALSE(std::filesystem::exists(box.root() / "test.db3"));
  EXPECT_TRUE(box.leftovers().empty());
}

// Relinked with dbtest::gtest_main, the same tests get the same folders.
TEST(RelinkedBinary, FixedPathsUnderTempDirAndTheWorkingFolderKeepApart) {
  Sandbox box;
  auto r = run_dbtest(box, {"--parallel", "2", "--dist", "test", "--repeat", "3", "--isolate-cwd", "--filter",
                            "Temp*:*WorkingFolder.*", "--", suite("relinked_plain_suite")});
  EXPECT_EQ(r.exit_code, 0) << r.all();
  EXPECT_EQ(last_line(r.out), "24 passed, 0 failed, 0 skipped") << r.all();
  EXPECT_TRUE(box.leftovers().empty());
}

TEST(PlainBinary, ABatchRunsInOneProcess) {
  Sandbox box;
  const auto log = box.root() / "starts.log";
  auto r = run_dbtest(box, {"--parallel", "1", "--migrations", migrations("basic"), "--filter", "*Rows.*", "--",
                            suite("plain_suite")},
                      {{"PLAIN_START_LOG", log.string()}});
  EXPECT_EQ(r.exit_code, 0) << r.all();
  EXPECT_EQ(last_line(r.out), "8 passed, 0 failed, 0 skipped") << r.all();
  // One process lists the tests, one runs all eight.
  EXPECT_EQ(lines_in(log), 2) << slurp(log);
}

TEST(PlainBinary, ACrashCostsTheRunningTestAndTheRestRunsOnAFreshProcess) {
  Sandbox box;
  const auto log = box.root() / "starts.log";
  auto r = run_faults(box, "crash", {}, {{"PLAIN_START_LOG", log.string()}});
  EXPECT_EQ(r.exit_code, 1) << r.all();
  EXPECT_EQ(last_line(r.out), "2 passed, 1 failed, 0 skipped") << r.all();
  EXPECT_THAT(r.out, HasSubstr("Faults.Misbehaves"));
  EXPECT_THAT(r.out, HasSubstr("the worker crashed while running this test"));
  EXPECT_EQ(count_of(r.out, "output before misbehaving"), 1u) << r.out;
  // The listing, the run that crashed, the run of what was left.
  EXPECT_EQ(lines_in(log), 3) << slurp(log);
  EXPECT_TRUE(box.leftovers().empty());
}

TEST(PlainBinary, AnExitInsideATestCostsThatTest) {
  Sandbox box;
  auto r = run_faults(box, "exit3");
  EXPECT_EQ(r.exit_code, 1) << r.all();
  EXPECT_EQ(last_line(r.out), "2 passed, 1 failed, 0 skipped") << r.all();
  EXPECT_THAT(r.out, HasSubstr("exit status 3"));
}

TEST(PlainBinary, AHangEndsAtTheTimeout) {
  Sandbox box;
  auto r = run_faults(box, "hang", {"--timeout", "2"});
  EXPECT_EQ(r.exit_code, 1) << r.all();
  EXPECT_EQ(last_line(r.out), "2 passed, 1 failed, 0 skipped") << r.all();
  EXPECT_THAT(r.out, HasSubstr("timed out after 2 s"));
  EXPECT_TRUE(box.leftovers().empty());
}

TEST(PlainBinary, AFailureShowsItsMessageWithFileAndLineAndItsOutputOnceAndInJunit) {
  Sandbox box;
  const auto report = box.root() / "report.xml";
  auto r = run_faults(box, "fail", {"--junit-xml", report.string()});
  EXPECT_EQ(r.exit_code, 1) << r.all();
  const std::string xml = slurp(report);
  EXPECT_THAT(xml, HasSubstr(R"(tests="3" failures="1" errors="0" skipped="0")")) << xml;
  EXPECT_THAT(xml, HasSubstr(R"(<testcase name="Misbehaves" classname="Faults")")) << xml;
  EXPECT_THAT(xml, HasSubstr("deliberate plain failure")) << xml;
  EXPECT_EQ(last_line(r.out), "2 passed, 1 failed, 0 skipped") << r.all();
  EXPECT_THAT(r.out, HasSubstr("FAILED: Faults.Misbehaves"));
  EXPECT_THAT(r.out, HasSubstr("plain_suite.cpp:"));
  EXPECT_EQ(count_of(r.out, "deliberate plain failure"), 1u) << r.out;
  EXPECT_EQ(count_of(r.out, "output before misbehaving"), 1u) << r.out;
  EXPECT_THAT(r.out, HasSubstr("output after the failure"));
  EXPECT_THAT(r.out, HasSubstr("stderr of the failing test"));
}

TEST(PlainBinary, AFloodOfOutputIsCutAndKeepsTheMasterSmall) {
  Sandbox box;
  const auto m = run_dbtest_measuring_memory(box, {"--parallel", "1", "--filter", "Faults.Misbehaves", "--",
                                                   suite("plain_suite")},
                                             {{"PLAIN_MODE", "flood"}}, std::chrono::seconds(100));
  ASSERT_TRUE(m.finished_in_time) << m.run.out.substr(0, 2000);
  EXPECT_EQ(m.run.exit_code, 1) << m.run.err;
  EXPECT_GT(m.peak_kib, 0) << "the master was never measured";
  // The linked mode's bound (Output.AGigabyteOfOutputKeepsTheMasterUnder200MB):
  // under wine the master starts larger than on Linux.
  EXPECT_LT(m.peak_kib, 200'000'000 / 1024) << "256 MiB of output must not be held whole";
  EXPECT_THAT(m.run.out, HasSubstr("after the flood"));
  EXPECT_THAT(m.run.out, HasSubstr("bytes of output cut ...]"));
  EXPECT_LT(m.run.out.size(), std::size_t{4} << 20);
}

TEST(PlainBinary, TestArgReachesEveryRun) {
  Sandbox box;
  auto r = run_dbtest(box, {"--filter", "Args.*", "--test-arg=--plain-flag=on", "--", suite("plain_suite")},
                      {{"PLAIN_EXPECT_ARG", "--plain-flag=on"}});
  EXPECT_EQ(r.exit_code, 0) << r.all();
  EXPECT_EQ(last_line(r.out), "1 passed, 0 failed, 0 skipped") << r.all();
}

TEST(PlainBinary, RunsBesideALinkedBinary) {
  Sandbox box;
  auto r = run_dbtest(box, {"--parallel", "2", "--migrations", migrations("basic"), "--filter", kSharedFolderTests, "--",
                            suite("plain_suite"), suite("passing_suite")});
  EXPECT_EQ(r.exit_code, 0) << r.all();
  // 21 + 2 skipped from the plain binary, 12 + 1 skipped from the linked one.
  EXPECT_EQ(last_line(r.out), "33 passed, 0 failed, 3 skipped") << r.all();
}

TEST(PlainBinary, AGivenOrderIsKept) {
  Sandbox box;
  auto r = run_dbtest(box, {"-v", "--parallel", "1", "--reverse", "--dist", "test", "--migrations", migrations("basic"),
                            "--filter", "*Rows.*", "--", suite("plain_suite")});
  EXPECT_EQ(r.exit_code, 0) << r.all();
  EXPECT_EQ(last_line(r.out), "8 passed, 0 failed, 0 skipped") << r.all();
  EXPECT_LT(r.out.find("Rows.StayInTheirWorkersClone/7"), r.out.find("Rows.StayInTheirWorkersClone/0")) << r.out;
}

TEST(PlainBinary, DisabledTestsRunWhenAsked) {
  Sandbox box;
  auto r = run_dbtest(box, {"--run-disabled", "--filter", "Kinds.*", "--", suite("plain_suite")});
  EXPECT_EQ(r.exit_code, 0) << r.all();
  EXPECT_EQ(last_line(r.out), "1 passed, 0 failed, 1 skipped") << r.all();
}

TEST(PlainBinary, ListShowsItsTests) {
  Sandbox box;
  auto r = run_dbtest(box, {"--list", "--filter", "Typed*", "--", suite("plain_suite")});
  EXPECT_EQ(r.exit_code, 0) << r.all();
  EXPECT_EQ(lines_of(r.out).size(), 3u) << r.out;
}

TEST(PlainBinary, BisectAndPairFindThePolluter) {
  Sandbox box;
  const std::vector<std::string> one_worker{"--parallel", "1", "--", suite("plain_hunt_suite")};
  auto failing = run_dbtest(box, one_worker);
  ASSERT_EQ(failing.exit_code, 1) << failing.all();
  EXPECT_EQ(last_line(failing.out), "5 passed, 1 failed, 0 skipped") << failing.all();
  auto bisect = run_dbtest(box, {"--parallel", "2", "--bisect", "Order.Victim", "--", suite("plain_hunt_suite")});
  EXPECT_EQ(bisect.exit_code, 0) << bisect.all();
  EXPECT_THAT(bisect.out, HasSubstr("Order.Victim fails when Order.Polluter runs before it")) << bisect.all();
  auto pair = run_dbtest(box, {"--parallel", "2", "--pair", "Order.Victim", "--", suite("plain_hunt_suite")});
  EXPECT_EQ(pair.exit_code, 0) << pair.all();
  EXPECT_THAT(pair.out, HasSubstr("candidates make Order.Victim fail when run just before it:\n  Order.Polluter\n"))
      << pair.all();
  EXPECT_TRUE(box.leftovers().empty());
}

// GoogleTest's own variables in dbtest's environment: applied as dbtest's
// options, and never passed on to a plain binary, which would apply them
// to each batch (a shard of a batch, a batch repeated).
RunOutput run_typed(const Sandbox& box, std::vector<std::string> args, const std::map<std::string, std::string>& env) {
  args.insert(args.begin(), {"--parallel", "2", "--dist", "test"});
  args.insert(args.end(), {"--", suite("plain_suite")});
  return run_dbtest(box, args, env);
}

TEST(PlainBinaryGtestVariables, FilterIsAppliedAsDashDashFilter) {
  Sandbox box;
  auto r = run_typed(box, {}, {{"GTEST_FILTER", "Typed*"}});
  EXPECT_EQ(r.exit_code, 0) << r.all();
  EXPECT_THAT(r.err, HasSubstr("GTEST_FILTER=Typed* is applied as --filter Typed*"));
  EXPECT_EQ(last_line(r.out), "3 passed, 0 failed, 0 skipped") << r.all();
}

TEST(PlainBinaryGtestVariables, RepeatIsAppliedAsDashDashRepeat) {
  Sandbox box;
  auto r = run_typed(box, {"--filter", "Typed*"}, {{"GTEST_REPEAT", "2"}});
  EXPECT_EQ(r.exit_code, 0) << r.all();
  EXPECT_EQ(last_line(r.out), "6 passed, 0 failed, 0 skipped") << r.all();
}

TEST(PlainBinaryGtestVariables, AlsoRunDisabledTestsIsAppliedAsDashDashRunDisabled) {
  Sandbox box;
  auto r = run_typed(box, {"--filter", "Kinds.*"}, {{"GTEST_ALSO_RUN_DISABLED_TESTS", "1"}});
  EXPECT_EQ(r.exit_code, 0) << r.all();
  EXPECT_EQ(last_line(r.out), "1 passed, 0 failed, 1 skipped") << r.all();
}

TEST(PlainBinaryGtestVariables, ShuffleAndSeedAreAppliedAsDashDashShuffle) {
  Sandbox box;
  auto r = run_typed(box, {"--filter", "Typed*"}, {{"GTEST_SHUFFLE", "1"}, {"GTEST_RANDOM_SEED", "77"}});
  EXPECT_EQ(r.exit_code, 0) << r.all();
  EXPECT_THAT(r.out, HasSubstr("shuffled with seed 77")) << r.all();
  EXPECT_EQ(last_line(r.out), "3 passed, 0 failed, 0 skipped") << r.all();
}

TEST(PlainBinaryGtestVariables, FailFastIsAppliedAsDashDashFailfast) {
  Sandbox box;
  auto r = run_faults(box, "fail", {"--dist", "test"}, {{"GTEST_FAIL_FAST", "1"}});
  EXPECT_EQ(r.exit_code, 1) << r.all();
  EXPECT_THAT(r.err, HasSubstr("GTEST_FAIL_FAST=1 is applied as --failfast"));
  EXPECT_THAT(last_line(r.out), ::testing::AnyOf("0 passed, 1 failed, 0 skipped", "1 passed, 1 failed, 0 skipped"))
      << r.all();
}

// dbtest applies the shard variables itself and keeps them from the binary,
// which would otherwise cut each batch once more: the three shards together
// run every test once.
TEST(PlainBinaryGtestVariables, ShardVariablesCutTheSelectionOnceNotEachBatch) {
  Sandbox box;
  int passed = 0;
  for (const char* index : {"0", "1", "2"}) {
    auto r = run_typed(box, {"--filter", "Typed*"}, {{"GTEST_TOTAL_SHARDS", "3"}, {"GTEST_SHARD_INDEX", index}});
    EXPECT_EQ(r.exit_code, 0) << r.all();
    passed += std::stoi(last_line(r.out));
  }
  EXPECT_EQ(passed, 3);
}

TEST(PlainBinary, ExpectSignalIsRefusedWhenNoBinaryCanPublish) {
  Sandbox box;
  auto r = run_dbtest(box, {"--expect-signal", "ready", "--", suite("plain_suite")});
  expect_one_line_error(r, "--expect-signal ready cannot be met: no test binary of this run links dbtest::gtest_main");
  EXPECT_TRUE(box.leftovers().empty());
}

TEST(PlainBinary, SignalValuesComeWithANoteThatPlainBinariesDoNotSeeThem) {
  Sandbox box;
  auto r = run_dbtest(box, {"--signal", "k=v", "--filter", "Typed*", "--", suite("plain_suite")});
  EXPECT_EQ(r.exit_code, 0) << r.all();
  EXPECT_THAT(r.all(), HasSubstr("--signal values reach only binaries linked with dbtest::gtest_main"));
}

}  // namespace
}  // namespace e2e
