// A whole run, end to end: the real dbtest on real test binaries.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <sstream>

#include "support/dbtest_run.hpp"

using ::testing::HasSubstr;
using ::testing::Not;

namespace e2e {
namespace {

TEST(Run, PassingSuiteExitsZeroWithClosingLine) {
  Sandbox box;
  auto r = run_dbtest(box, {"--parallel", "2", "--migrations", migrations("basic"), "--", suite("passing_suite")});
  EXPECT_EQ(r.exit_code, 0) << r.all();
  // 3 Schema + 1 Environment + 3 Squares + 3 Zero + 2 Rollback, 1 skipped;; the DISABLED_ test does not run.
  EXPECT_EQ(last_line(r.out), "12 passed, 0 failed, 1 skipped") << r.all();
  EXPECT_THAT(r.out, HasSubstr("Time: discovering"));
  EXPECT_TRUE(box.leftovers().empty());
}

// Every phase is wall-clock time; the clones, made during running and
// several at once, are shown as the wall time they took within it, their
// summed time labelled beside it.
TEST(Run, TimeLineShowsCloningAsWallTimeWithinRunningAndTheSumLabelled) {
  Sandbox box;
  auto r = run_dbtest(box, {"--parallel", "3", "--sqlite-mode", "file", "--migrations", migrations("basic"), "--",
                            suite("passing_suite")});
  ASSERT_EQ(r.exit_code, 0) << r.all();
  const std::regex line(
      R"(Time: discovering ([0-9.]+) s, migrating ([0-9.]+) s, running ([0-9.]+) s \(cloning during ([0-9.]+) s of it; )"
      R"(summed over 3 clones: ([0-9.]+) s\), tearing down ([0-9.]+) s)");
  std::smatch m;
  ASSERT_TRUE(std::regex_search(r.out, m, line)) << r.all();
  const double running = std::stod(m[3]), cloning = std::stod(m[4]), summed = std::stod(m[5]);
  EXPECT_LE(cloning, running);
  EXPECT_LE(cloning, summed + 0.001);  // rounding to milliseconds
}

TEST(Run, FailingSuiteExitsOneWithFileLineAndOutput) {
  Sandbox box;
  auto r = run_dbtest(box, {"--parallel", "2", "--", suite("failing_suite")});
  EXPECT_EQ(r.exit_code, 1) << r.all();
  EXPECT_THAT(r.out, HasSubstr("FAILED: Arithmetic.IsWrongOnPurpose"));
  EXPECT_THAT(r.out, HasSubstr("failing_suite.cpp:11: "));
  EXPECT_THAT(r.out, HasSubstr("deliberate failure"));
  EXPECT_THAT(r.out, HasSubstr("output of the failing test"));
  EXPECT_THAT(r.out, HasSubstr("and its stderr"));
  EXPECT_EQ(last_line(r.out), "1 passed, 1 failed, 0 skipped");
}

TEST(Run, DisabledTestsRunWhenAsked) {
  Sandbox box;
  auto r = run_dbtest(box, {"-v", "--run-disabled", "--migrations", migrations("basic"), "--filter", "Environment.*", "--",
                            suite("passing_suite")});
  EXPECT_EQ(r.exit_code, 0) << r.all();
  EXPECT_EQ(published_signals(r.out)["disabled.ran"], "yes") << r.out;
  EXPECT_EQ(last_line(r.out), "2 passed, 0 failed, 0 skipped");
}

TEST(Run, FilterSelectsWithGoogleTestSyntax) {
  Sandbox box;
  auto r = run_dbtest(box, {"--migrations", migrations("basic"), "--filter", "Schema.*:Small/*-Schema.SeedRowsArePresent",
                            "--", suite("passing_suite")});
  EXPECT_EQ(r.exit_code, 0) << r.all();
  EXPECT_EQ(last_line(r.out), "5 passed, 0 failed, 0 skipped");
}

TEST(Run, ListPrintsTheTestsInOrderWithoutRunning) {
  Sandbox box;
  auto r = run_dbtest(box, {"--list", "--filter", "Schema.*:Zero/*", "--", suite("passing_suite")});
  EXPECT_EQ(r.exit_code, 0) << r.all();
  EXPECT_EQ(lines_of(r.out), (std::vector<std::string>{
                                 "Schema.MigrationsRanInVersionOrder", "Schema.MigrationsAreRecorded",
                                 "Schema.SeedRowsArePresent", "Zero/0.IsFalse", "Zero/1.IsFalse", "Zero/2.IsFalse"}));
}

TEST(Run, ListOrdersLongestSuiteFirstFromRecordedDurations) {
  Sandbox box;
  auto first = run_dbtest(box, {"--parallel", "2", "--", suite("interleave_suite")});
  EXPECT_EQ(first.exit_code, 1);
  // Both suites take about as long; make the history say Right is slower.
  {
    std::ofstream out(box.state() / "durations.json");
    out << R"({"version":1,"tests":{")" << suite("interleave_suite")
        << R"(::Left.FailsWhileTalking":0.1,")" << suite("interleave_suite") << R"(::Right.FailsWhileTalking":5.0}})";
  }
  auto listed = run_dbtest(box, {"--list", "--", suite("interleave_suite")});
  EXPECT_EQ(lines_of(listed.out), (std::vector<std::string>{"Right.FailsWhileTalking", "Left.FailsWhileTalking"}));
}

TEST(Run, CorruptStateFileIsReportedAndIgnored) {
  Sandbox box;
  std::filesystem::create_directories(box.state());
  std::ofstream(box.state() / "durations.json") << "{ not json";
  auto r = run_dbtest(box, {"--", suite("failing_suite")});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.out, HasSubstr("warning: ignoring unreadable"));
}

TEST(Run, DurationsOptionListsTheSlowestTests) {
  Sandbox box;
  auto r = run_dbtest(box, {"--durations", "2", "--migrations", migrations("basic"), "--", suite("isolation_suite")});
  EXPECT_EQ(r.exit_code, 0) << r.all();
  EXPECT_THAT(r.out, HasSubstr("Slowest 2 tests:"));
  EXPECT_THAT(r.out, HasSubstr("SeesOnlyItsOwnRows"));
}

TEST(Run, JunitXmlHasOneTestcasePerTestWithFailures) {
  Sandbox box;
  const auto report = box.root() / "report.xml";
  auto r = run_dbtest(box, {"--junit-xml", report.string(), "--", suite("failing_suite")});
  EXPECT_EQ(r.exit_code, 1);
  std::stringstream xml;
  xml << std::ifstream(report).rdbuf();
  EXPECT_THAT(xml.str(), HasSubstr(R"(<testsuites name="dbtest" tests="2" failures="1" errors="0" skipped="0")"));
  EXPECT_THAT(xml.str(), HasSubstr(R"(<testcase name="IsWrongOnPurpose" classname="Arithmetic")"));
  EXPECT_THAT(xml.str(), HasSubstr("<failure message="));
  EXPECT_THAT(xml.str(), HasSubstr("<system-out>output of the failing test"));
}

TEST(Run, SeveralBinariesRunInOneRun) {
  Sandbox box;
  auto r = run_dbtest(box, {"--parallel", "2", "--migrations", migrations("basic"), "--", suite("passing_suite"),
                            suite("failing_suite")});
  EXPECT_EQ(r.exit_code, 1) << r.all();
  EXPECT_EQ(last_line(r.out), "13 passed, 1 failed, 1 skipped");
}

TEST(Run, ParallelComesFromTheEnvironment) {
  Sandbox box;
  auto r = run_dbtest(box, {"--", suite("interleave_suite")}, {{"DBTEST_PARALLEL", "2"}});
  EXPECT_THAT(r.out, HasSubstr("on 2 workers"));
  auto bad = run_dbtest(box, {"--", suite("failing_suite")}, {{"DBTEST_PARALLEL", "zero"}});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_THAT(bad.err, HasSubstr("DBTEST_PARALLEL must be"));
}

TEST(Run, ParallelAutoRespectsCpuAffinity) {
  if (!test_os::has_posix_shell()) GTEST_SKIP() << "pins dbtest to a CPU with taskset(1), which " << test_os::os_name() << " lacks";
  if (dbtest_platform() != "linux") {
    GTEST_SKIP() << "only dbtest's Linux files honour CPU affinity (cpu_count_linux.cpp); its " << dbtest_platform()
                 << " files count the CPUs online";
  }
  Sandbox box;
  // taskset pins dbtest (and so its view of usable CPUs) to one CPU.
  std::vector<std::string> args = {"-c", "0", dbtest_exe(), "--parallel", "auto", "--state-dir", box.state().string(),
                                   "--", suite("interleave_suite")};
  auto r = run_command("/usr/bin/taskset", args, {{test_os::temp_folder_variable(), box.tmp().string()}}, box.root());
  EXPECT_THAT(r.out, HasSubstr("on 1 worker (sqlite)")) << r.all();
}

TEST(Run, NeverStartsMoreWorkersThanUnitsOfWork) {
  Sandbox box;
  auto r = run_dbtest(box, {"--parallel", "16", "--", suite("failing_suite")});
  // One suite, so one worker whatever --parallel says.
  EXPECT_THAT(r.out, HasSubstr("on 1 worker (sqlite)"));
}

// The test binary, the migrations and the temporary folder in a folder whose
// name holds spaces: each reaches dbtest and its workers intact.
TEST(Run, PathsWithSpacesWork) {
  Sandbox box;
  const std::filesystem::path place = box.root() / "a folder with spaces";
  std::filesystem::create_directories(place / "tmp");
  std::filesystem::copy(migrations("basic"), place / "migrations");
  const auto binary = place / std::filesystem::path(suite("isolation_suite")).filename();
  std::filesystem::copy_file(suite("isolation_suite"), binary);
  auto r = run_dbtest(box, {"--parallel", "2", "--sqlite-mode", "file", "--migrations", (place / "migrations").string(), "--",
                            binary.string()},
                      {{test_os::temp_folder_variable(), (place / "tmp").string()}});
  EXPECT_EQ(r.exit_code, 0) << r.all();
  EXPECT_EQ(last_line(r.out), "16 passed, 0 failed, 0 skipped");
  EXPECT_TRUE(std::filesystem::is_empty(place / "tmp")) << "the run left files in its temporary folder";
}

TEST(Run, SqliteFileModeGivesEachWorkerAnOnDiskCopy) {
  Sandbox box;
  auto r = run_dbtest(box, {"--parallel", "4", "--sqlite-mode", "file", "--migrations", migrations("basic"), "--",
                            suite("isolation_suite")});
  EXPECT_EQ(r.exit_code, 0) << r.all();
  EXPECT_EQ(last_line(r.out), "16 passed, 0 failed, 0 skipped");
  EXPECT_TRUE(box.leftovers().empty());
}

TEST(Run, StandaloneBinaryUsesDatabaseUrl) {
  Sandbox box;
  // Without dbtest the binary is an ordinary gtest binary on DBTEST_DATABASE_URL.
  auto r = run_command(suite("failing_suite"), {}, {}, box.root());
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.out, HasSubstr("[  FAILED  ] Arithmetic.IsWrongOnPurpose"));
}

}  // namespace
}  // namespace e2e
