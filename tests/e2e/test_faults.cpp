// A crash or a hang costs the test that caused it, and nothing else.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <boost/process.hpp>
#include <signal.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

#include "support/dbtest_run.hpp"

using ::testing::HasSubstr;

namespace e2e {
namespace {

namespace bp = boost::process;



struct Fault {
  const char* mode;
  const char* label;
  const char* description;
};

void PrintTo(const Fault& fault, std::ostream* out) { *out << fault.mode; }


class WorkerFault : public ::testing::TestWithParam<Fault> {};

TEST_P(WorkerFault, CostsOnlyTheTestThatCausedIt) {
  Sandbox box;
  const Fault fault = GetParam();
  auto r = run_dbtest(box, {"--parallel", "2", "--timeout", "2", "--", suite("fault_suite")}, {{"FAULT_MODE", fault.mode}});
  EXPECT_EQ(r.exit_code, 1) << r.all();
  EXPECT_THAT(r.out, HasSubstr(std::string(fault.label) + ": Faulty.Misbehaves"));
  EXPECT_THAT(r.out, HasSubstr(fault.description));
  EXPECT_THAT(r.out, HasSubstr("last words before the fault"));
  EXPECT_EQ(last_line(r.out), "4 passed, 1 failed, 0 skipped") << r.out;
  EXPECT_TRUE(box.leftovers().empty());
}

INSTANTIATE_TEST_SUITE_P(
    Modes, WorkerFault,
    ::testing::Values(Fault{"abort", "CRASHED", "killed by signal 6 (SIGABRT)"},
                      Fault{"segfault", "CRASHED", "killed by signal 11 (SIGSEGV)"},
                      Fault{"exit3", "CRASHED", "exit status 3"},
                      Fault{"hang", "TIMED OUT", "timed out after 2 s"}),
    [](const auto& param_info) { return std::string(param_info.param.mode); });

TEST(WorkerFault, FailfastStopsHandingOutWork) {
  Sandbox box;
  auto r = run_dbtest(box, {"--parallel", "1", "--failfast", "--dist", "test", "--", suite("fault_suite")},
                      {{"FAULT_MODE", "exit3"}});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.out, HasSubstr("were not run (--failfast)"));
}

TEST(WorkerFault, KilledFromOutsideCostsOnlyItsTest) {
  Sandbox box;
  const auto pid_file = box.root() / "victim.pid";
  const auto out_file = box.root() / "out.txt";
  bp::environment env = boost::this_process::environment();
  env["TMPDIR"] = box.tmp().string();
  env["FAULT_MODE"] = "killed";
  env["FAULT_PID_FILE"] = pid_file.string();
  bp::child dbtest(dbtest_exe(), "--parallel", "2", "--state-dir", box.state().string(), "--", suite("fault_suite"), env,
                   bp::std_out > out_file.string(), bp::std_err > bp::null);
  const std::string pid = wait_for_pid(pid_file);
  ASSERT_FALSE(pid.empty());
  ::kill(std::stoi(pid), SIGKILL);
  dbtest.wait();
  const std::string out = slurp(out_file);
  EXPECT_EQ(dbtest.exit_code(), 1) << out;
  EXPECT_THAT(out, HasSubstr("CRASHED: Faulty.Misbehaves"));
  EXPECT_THAT(out, HasSubstr("killed by signal 9 (SIGKILL)"));
  EXPECT_EQ(last_line(out), "4 passed, 1 failed, 0 skipped");
  EXPECT_TRUE(box.leftovers().empty());
}

TEST(WorkerFault, WorkerThatCannotStartStopsTheRunWithItsOwnMessage) {
  Sandbox box;
  auto r = run_dbtest(box, {"--parallel", "2", "--", suite("fault_suite")}, {{"FAULT_MODE", "start"}});
  EXPECT_EQ(r.exit_code, 2) << r.all();
  EXPECT_THAT(r.err, HasSubstr("dbtest: error: worker"));
  EXPECT_THAT(r.err, HasSubstr("could not start: exit status 5: cannot reach the license server"));
  EXPECT_EQ(lines_of(r.err).size(), 1u) << r.err;
  EXPECT_TRUE(box.leftovers().empty());
}

TEST(WorkerFault, SuiteSetUpFailureIsReportedAgainstTheSuite) {
  Sandbox box;
  auto r = run_dbtest(box, {"--", suite("fault_suite")}, {{"FAULT_MODE", "suite-setup"}});
  EXPECT_EQ(r.exit_code, 1) << r.all();
  EXPECT_THAT(r.out, HasSubstr("FAILED: Prepared (outside any test of the suite)"));
  EXPECT_THAT(r.out, HasSubstr("the suite's shared fixture could not be built"));
}

TEST(WorkerFault, CrashInSuiteSetUpBlamesTheSuiteAndIsNotRetried) {
  Sandbox box;
  auto r = run_dbtest(box, {"--parallel", "2", "--", suite("fault_suite")}, {{"FAULT_MODE", "suite-setup-crash"}});
  EXPECT_EQ(r.exit_code, 1) << r.all();
  EXPECT_THAT(r.out, HasSubstr("CRASHED: Prepared (outside any test of the suite)"));
  EXPECT_THAT(r.out, HasSubstr("crashed outside any test"));
  EXPECT_THAT(r.out, HasSubstr("1 test was not run"));
  EXPECT_EQ(last_line(r.out), "4 passed, 1 failed, 0 skipped");
}

TEST(WorkerFault, OutputBeforeMainDoesNotBreakTheChannel) {
  Sandbox box;
  auto r = run_dbtest(box, {"--", suite("fault_suite")}, {{"FAULT_MODE", "chatty-start"}});
  EXPECT_EQ(r.exit_code, 0) << r.all();
  EXPECT_EQ(last_line(r.out), "5 passed, 0 failed, 0 skipped");
}

TEST(WorkerFault, CrashInSuiteTearDownBlamesThatSuiteEvenInABatchOfSeveral) {
  Sandbox box;
  // One worker takes several suites at once; Prepared dies tearing down.
  auto r = run_dbtest(box, {"--parallel", "1", "--", suite("fault_suite")}, {{"FAULT_MODE", "teardown-crash"}});
  EXPECT_EQ(r.exit_code, 1) << r.all();
  EXPECT_THAT(r.out, HasSubstr("CRASHED: Prepared (outside any test of the suite)"));
  EXPECT_EQ(last_line(r.out), "5 passed, 1 failed, 0 skipped") << r.out;
}

TEST(WorkerFault, ADeadWorkerIsNoticedWhileAForkedChildStillHoldsItsChannel) {
  Sandbox box;
  const auto start = std::chrono::steady_clock::now();
  auto r = run_dbtest(box, {"--parallel", "2", "--", suite("fault_suite")}, {{"FAULT_MODE", "fork-crash"}});
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));
  EXPECT_EQ(r.exit_code, 1) << r.all();
  EXPECT_THAT(r.out, HasSubstr("CRASHED: Faulty.Misbehaves"));
  EXPECT_THAT(r.out, HasSubstr("SIGABRT"));
}

TEST(WorkerFault, ABinaryThatCrashesWhileListingSaysHowAndWhy) {
  Sandbox box;
  auto r = run_dbtest(box, {"--", suite("fault_suite")}, {{"FAULT_MODE", "list-crash"}});
  EXPECT_EQ(r.exit_code, 2) << r.all();
  EXPECT_THAT(r.err, HasSubstr("failed to list its tests (killed by signal 11 (SIGSEGV)): listing is broken today"));
}

TEST(WorkerFault, ABinaryThatHangsWhileListingIsKilledAtTheListTimeout) {
  Sandbox box;
  const auto start = std::chrono::steady_clock::now();
  auto r = run_dbtest(box, {"--list-timeout", "0.5", "--", suite("fault_suite")}, {{"FAULT_MODE", "list-hang"}});
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(20));
  expect_one_line_error(r, "did not list its tests within 0.5 s and was killed (--list-timeout)");
  EXPECT_TRUE(box.leftovers().empty());
}

TEST(Interrupt, StopsWorkersCleansUpAndExits130) {
  Sandbox box;
  const auto out_file = box.root() / "out.txt";
  auto env = boost::this_process::environment();
  bp::environment child_env = env;
  child_env["TMPDIR"] = box.tmp().string();
  child_env["FAULT_MODE"] = "hang";
  child_env["FAULT_PID_FILE"] = (box.root() / "hanging.pid").string();
  bp::child dbtest(dbtest_exe(), "-v", "--parallel", "2", "--state-dir", box.state().string(), "--",
                   suite("fault_suite"), child_env, bp::std_out > out_file.string(), bp::std_err > bp::null);
  ASSERT_FALSE(wait_for_pid(box.root() / "hanging.pid").empty());
  // The master learns that the test started through the channel; give it a moment.
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  ::kill(dbtest.id(), SIGINT);
  dbtest.wait();
  const std::string out = slurp(out_file);
  EXPECT_EQ(dbtest.exit_code(), 130) << out;
  EXPECT_THAT(out, HasSubstr("Interrupted while running:\n  Faulty.Misbehaves"));
  const auto pid = published_signals(out)["faulty.pid"];
  ASSERT_FALSE(pid.empty()) << out;
  EXPECT_NE(::kill(std::stoi(pid), 0), 0) << "the hanging worker outlived the run";
  EXPECT_TRUE(box.leftovers().empty());
}

}  // namespace
}  // namespace e2e
