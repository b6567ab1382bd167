// A crash or a hang costs the test that caused it, and nothing else, on
// every engine: the run goes on, and leaves nothing behind.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <boost/process.hpp>

#include <chrono>
#include <map>
#include <regex>
#include <thread>
#include <tuple>

#include "support/dbtest_run.hpp"
#include "support/engines.hpp"
#include "support/start_process.hpp"
#include "test_os.hpp"

using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;

namespace e2e {
namespace {

namespace bp = boost::process;

const auto kEngines = ::testing::ValuesIn(built_engines());

// The command line of a run of the fault suite on `target`'s engine and the
// portable schema, with `options` before the binary.
std::vector<std::string> fault_suite_args(const EngineTarget& target, const std::vector<std::string>& options) {
  return concat(concat(concat(target.args, target.migration_args), options), {"--", suite("fault_suite")});
}

RunOutput run_fault_suite(const Sandbox& box, const EngineTarget& target, const std::string& mode,
                          const std::vector<std::string>& options, std::map<std::string, std::string> env = {}) {
  env["FAULT_MODE"] = mode;
  return run_dbtest(box, fault_suite_args(target, options), env);
}

// The same, left running for a test that acts on it meanwhile; its stdout
// goes to `out_file`.
bp::child start_fault_suite(const Sandbox& box, const EngineTarget& target, const std::vector<std::string>& options,
                            const std::map<std::string, std::string>& env, const std::filesystem::path& out_file) {
  bp::environment child_env = boost::this_process::environment();
  child_env[test_os::temp_folder_variable()] = box.tmp().string();
  for (const auto& [key, value] : env) child_env[key] = value;
  return start_process(dbtest_exe(),
                       bp::args(concat({"--state-dir", box.state().string()}, fault_suite_args(target, options))),
                       child_env, bp::std_out > out_file.string(), bp::std_err > bp::null);
}

EngineTarget sqlite_target() { return *engine_target(Engine::sqlite); }

// Whatever happened in a run: no database of it on the server, no file of it
// in the temporary folder.
void expect_nothing_left(const Sandbox& box, const EngineTarget& target) {
  EXPECT_THAT(target.databases_left(), IsEmpty());
  EXPECT_THAT(box.leftovers(), IsEmpty());
}

// Tests reported as passed by a run with -v.
std::vector<std::string> passed_tests(const std::string& out) {
  static const std::regex kPassed(R"(^PASSED (\S+) \(.*\)$)");
  std::vector<std::string> names;
  for (const auto& line : lines_of(out)) {
    std::smatch m;
    if (std::regex_match(line, m, kPassed)) names.push_back(m[1]);
  }
  return names;
}

// The block a run printed for `header` ("CRASHED: Suite.Test"), through the
// end of the output it quotes; empty when there is none.
std::string failure_block(const std::string& out, const std::string& header) {
  const auto begin = out.find(header + "  [");
  if (begin == std::string::npos) return "";
  const std::string end_mark = "--- end of output ---\n";
  const auto end = out.find(end_mark, begin);
  return end == std::string::npos ? out.substr(begin) : out.substr(begin, end + end_mark.size() - begin);
}

// The suite's tests other than Faulty.Misbehaves. Faulty.RunsAfterTheFaultOnANewWorker
// passes only on a fresh clone, without the row Faulty.Misbehaves committed
// before the fault.
auto all_but_the_faulty_test() {
  return UnorderedElementsAre("Before.Passes", "Faulty.RunsAfterTheFaultOnANewWorker", "Prepared.Passes", "After.Passes");
}

// Worker processes the suite started: it appends a line to FAULT_START_LOG each time.
std::size_t worker_starts(const std::filesystem::path& start_log) { return lines_of(slurp(start_log)).size(); }

struct Fault {
  const char* mode;
  const char* header;  // how the test's block begins
  std::string reason;  // the line after it
};

void PrintTo(const Fault& fault, std::ostream* out) { *out << fault.mode; }

class WorkerFault : public ::testing::TestWithParam<std::tuple<Fault, Engine>> {};

TEST_P(WorkerFault, CostsOnlyTheTestThatCausedIt) {
  const auto& [fault, engine] = GetParam();
  E2E_REQUIRE_ENGINE(target, engine);
  Sandbox box;
  auto r = run_fault_suite(box, target, fault.mode, {"-v", "--parallel", "2", "--timeout", "5"});
  EXPECT_EQ(r.exit_code, 1) << r.all();
  const std::string block = failure_block(r.out, fault.header);
  EXPECT_THAT(block, HasSubstr(std::string("]\n") + fault.reason + "\n")) << r.out;
  EXPECT_THAT(block, HasSubstr("--- output ---\nlast words before the fault\n")) << r.out;
  EXPECT_THAT(passed_tests(r.out), all_but_the_faulty_test()) << r.out;
  EXPECT_THAT(r.out, HasSubstr("Workers restarted after a crash or timeout: 1\n"));
  EXPECT_EQ(last_line(r.out), "4 passed, 1 failed, 0 skipped") << r.out;
  expect_nothing_left(box, target);
}

INSTANTIATE_TEST_SUITE_P(
    Engines, WorkerFault,
    ::testing::Combine(
        ::testing::Values(
            Fault{"abort", "CRASHED: Faulty.Misbehaves",
                  "the worker crashed while running this test: " + test_os::abort_description()},
            Fault{"segfault", "CRASHED: Faulty.Misbehaves",
                  "the worker crashed while running this test: " + test_os::access_violation_description()},
            Fault{"exit3", "CRASHED: Faulty.Misbehaves", "the worker crashed while running this test: exit status 3"},
            Fault{"hang", "TIMED OUT: Faulty.Misbehaves", "timed out after 5 s; the worker was killed"}),
        kEngines),
    [](const auto& param_info) {
      return std::string(std::get<0>(param_info.param).mode) + "_" + engine_name(std::get<1>(param_info.param));
    });

// The cases that need no fault mode of their own, on each engine.
class WorkerFaultOnEngine : public ::testing::TestWithParam<Engine> {};

TEST_P(WorkerFaultOnEngine, KilledFromOutsideCostsOnlyItsTest) {
  E2E_REQUIRE_ENGINE(target, GetParam());
  Sandbox box;
  const auto pid_file = box.root() / "victim.pid";
  const auto out_file = box.root() / "out.txt";
  bp::child dbtest = start_fault_suite(box, target, {"-v", "--parallel", "2"},
                                       {{"FAULT_MODE", "killed"}, {"FAULT_PID_FILE", pid_file.string()}}, out_file);
  const std::string pid = wait_for_pid(pid_file);
  ASSERT_FALSE(pid.empty());
  ASSERT_TRUE(test_os::kill_process(std::stoi(pid)));
  dbtest.wait();
  const std::string out = read_output(out_file);
  EXPECT_EQ(dbtest.exit_code(), 1) << out;
  EXPECT_THAT(failure_block(out, "CRASHED: Faulty.Misbehaves"),
              HasSubstr("the worker crashed while running this test: " + test_os::outside_kill_description()))
      << out;
  EXPECT_THAT(passed_tests(out), all_but_the_faulty_test()) << out;
  EXPECT_EQ(last_line(out), "4 passed, 1 failed, 0 skipped");
  expect_nothing_left(box, target);
}

TEST_P(WorkerFaultOnEngine, WorkerThatCannotStartStopsTheRunWithItsOwnMessage) {
  E2E_REQUIRE_ENGINE(target, GetParam());
  Sandbox box;
  const auto start_log = box.root() / "starts.log";
  const auto start = std::chrono::steady_clock::now();
  auto r = run_fault_suite(box, target, "start", {"--parallel", "2"}, {{"FAULT_START_LOG", start_log.string()}});
  // A restart loop would take long, or start the binary again and again.
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(30));
  EXPECT_GE(worker_starts(start_log), 1u);
  EXPECT_LE(worker_starts(start_log), 2u) << "one start per slot at most";
  EXPECT_EQ(r.exit_code, 2) << r.all();
  ASSERT_EQ(lines_of(r.err).size(), 1u) << r.err;
  EXPECT_THAT(r.err, MatchesRegex("dbtest: error: worker [12] could not start: exit status 5: "
                                  "cannot reach the license server\n"));
  expect_nothing_left(box, target);
}

TEST_P(WorkerFaultOnEngine, CrashesBeyondMaxWorkerRestartsStopTheRun) {
  E2E_REQUIRE_ENGINE(target, GetParam());
  Sandbox box;
  const auto start_log = box.root() / "starts.log";
  // One worker at a time: the first crash is tolerated, the second is one too many.
  auto r = run_fault_suite(box, target, "crash-every-test", {"--parallel", "1", "--max-worker-restarts", "1"},
                           {{"FAULT_START_LOG", start_log.string()}});
  EXPECT_EQ(r.exit_code, 2) << r.all();
  EXPECT_EQ(r.err,
            "dbtest: error: workers died 2 times (--max-worker-restarts 1); the last one: " +
                       test_os::abort_description() + "\n")
      << r.all();
  EXPECT_EQ(worker_starts(start_log), 2u) << "the first worker and the one replacement allowed";
  expect_nothing_left(box, target);
}

INSTANTIATE_TEST_SUITE_P(Engines, WorkerFaultOnEngine, kEngines,
                         [](const auto& param_info) { return engine_name(param_info.param); });

// The rest runs on SQLite only: what it checks does not depend on the engine.

// A worker killed at --timeout takes what its test started along: its
// process group on POSIX, its Job Object on Windows.
TEST(WorkerFault, TimeoutEndsWhatTheTestStartedToo) {
  Sandbox box;
  auto r = run_fault_suite(box, sqlite_target(), "hang-with-child", {"-v", "--parallel", "2", "--timeout", "2"});
  EXPECT_EQ(r.exit_code, 1) << r.all();
  EXPECT_THAT(r.out, HasSubstr("TIMED OUT: Faulty.Misbehaves"));
  const auto child = published_signals(r.out)["faulty.child.pid"];
  ASSERT_FALSE(child.empty()) << r.out;
  EXPECT_TRUE(ends_within(std::stoi(child), std::chrono::seconds(5))) << "a process the test started outlived its worker";
  EXPECT_TRUE(box.leftovers().empty());
}

TEST(WorkerFault, FailfastStopsHandingOutWork) {
  Sandbox box;
  auto r = run_fault_suite(box, sqlite_target(), "exit3", {"--parallel", "1", "--failfast", "--dist", "test"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.out, HasSubstr("were not run (--failfast)"));
}

TEST(WorkerFault, FailfastLetsTheTestsAlreadyRunningFinishAndReportsThem) {
  Sandbox box;
  const auto meet_dir = box.root() / "meet";
  std::filesystem::create_directories(meet_dir);
  // Before.Passes runs on one worker until the other, where Faulty.Misbehaves
  // failed, has been stopped; After.Passes is left in the queue.
  auto r = run_fault_suite(box, sqlite_target(), "fail-beside-slow",
                           {"-v", "--parallel", "2", "--failfast", "--filter", "Before.*:Faulty.*:After.*"},
                           {{"FAULT_MEET_DIR", meet_dir.string()}});
  EXPECT_EQ(r.exit_code, 1) << r.all();
  const auto failure = r.out.find("FAILED: Faulty.Misbehaves  [");
  ASSERT_NE(failure, std::string::npos) << r.out;
  EXPECT_GT(r.out.find("PASSED Before.Passes ("), failure) << "the slow test passed before the failure: " << r.out;
  EXPECT_THAT(passed_tests(r.out), UnorderedElementsAre("Before.Passes", "Faulty.RunsAfterTheFaultOnANewWorker")) << r.out;
  EXPECT_THAT(r.out, HasSubstr("\n1 test was not run (--failfast)\n"));
  EXPECT_EQ(last_line(r.out), "2 passed, 1 failed, 0 skipped") << r.out;
  EXPECT_THAT(box.leftovers(), IsEmpty());
}

TEST(WorkerFault, SuiteSetUpFailureIsReportedAgainstTheSuite) {
  Sandbox box;
  auto r = run_fault_suite(box, sqlite_target(), "suite-setup", {});
  EXPECT_EQ(r.exit_code, 1) << r.all();
  EXPECT_THAT(r.out, HasSubstr("FAILED: Prepared (outside any test of the suite)"));
  EXPECT_THAT(r.out, HasSubstr("the suite's shared fixture could not be built"));
}

TEST(WorkerFault, CrashInSuiteSetUpBlamesTheSuiteAndIsNotRetried) {
  Sandbox box;
  auto r = run_fault_suite(box, sqlite_target(), "suite-setup-crash", {"--parallel", "2"});
  EXPECT_EQ(r.exit_code, 1) << r.all();
  EXPECT_THAT(r.out, HasSubstr("CRASHED: Prepared (outside any test of the suite)"));
  EXPECT_THAT(r.out, HasSubstr("crashed outside any test"));
  EXPECT_THAT(r.out, HasSubstr("1 test was not run"));
  EXPECT_EQ(last_line(r.out), "4 passed, 1 failed, 0 skipped");
}

TEST(WorkerFault, OutputBeforeMainDoesNotBreakTheChannel) {
  Sandbox box;
  auto r = run_fault_suite(box, sqlite_target(), "chatty-start", {});
  EXPECT_EQ(r.exit_code, 0) << r.all();
  EXPECT_EQ(last_line(r.out), "5 passed, 0 failed, 0 skipped");
}

TEST(WorkerFault, CrashInSuiteTearDownBlamesThatSuiteEvenInABatchOfSeveral) {
  Sandbox box;
  // One worker takes several suites at once; Prepared dies tearing down.
  auto r = run_fault_suite(box, sqlite_target(), "teardown-crash", {"--parallel", "1"});
  EXPECT_EQ(r.exit_code, 1) << r.all();
  EXPECT_THAT(r.out, HasSubstr("CRASHED: Prepared (outside any test of the suite)"));
  EXPECT_EQ(last_line(r.out), "5 passed, 1 failed, 0 skipped") << r.out;
}

TEST(WorkerFault, ADeadWorkerIsNoticedWhileAForkedChildStillHoldsItsChannel) {
  Sandbox box;
  const auto start = std::chrono::steady_clock::now();
  auto r = run_fault_suite(box, sqlite_target(), "fork-crash", {"--parallel", "2"});
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));
  EXPECT_EQ(r.exit_code, 1) << r.all();
  EXPECT_THAT(r.out, HasSubstr("CRASHED: Faulty.Misbehaves"));
  EXPECT_THAT(r.out, HasSubstr(test_os::abort_description()));
}

TEST(WorkerFault, ABinaryThatCrashesWhileListingSaysHowAndWhy) {
  Sandbox box;
  auto r = run_fault_suite(box, sqlite_target(), "list-crash", {});
  EXPECT_EQ(r.exit_code, 2) << r.all();
  EXPECT_THAT(r.err, HasSubstr("failed to list its tests (" + test_os::access_violation_description() +
                               "): listing is broken today"));
}

TEST(WorkerFault, ABinaryThatHangsWhileListingIsKilledAtTheListTimeout) {
  Sandbox box;
  const auto start = std::chrono::steady_clock::now();
  auto r = run_fault_suite(box, sqlite_target(), "list-hang", {"--list-timeout", "0.5"});
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(20));
  expect_one_line_error(r, "did not list its tests within 0.5 s and was killed (--list-timeout)");
  EXPECT_TRUE(box.leftovers().empty());
}

TEST(Interrupt, StopsWorkersCleansUpAndExits130) {
  Sandbox box;
  const auto out_file = box.root() / "out.txt";
  const auto pid_file = box.root() / "hanging.pid";
  test_os::prepare_to_interrupt_children();
  bp::child dbtest = start_fault_suite(box, sqlite_target(), {"-v", "--parallel", "2"},
                                       {{"FAULT_MODE", "hang"}, {"FAULT_PID_FILE", pid_file.string()}}, out_file);
  ASSERT_FALSE(wait_for_pid(pid_file).empty());
  // The master learns that the test started through the channel, a moment
  // after the test wrote its pid.
  std::this_thread::sleep_for(std::chrono::seconds(1));
  ASSERT_TRUE(test_os::interrupt_process(dbtest.id()));
  dbtest.wait();
  const std::string out = read_output(out_file);
  EXPECT_EQ(dbtest.exit_code(), 130) << out;
  EXPECT_THAT(out, HasSubstr("Interrupted while running:\n  Faulty.Misbehaves"));
  const auto pid = published_signals(out)["faulty.pid"];
  ASSERT_FALSE(pid.empty()) << out;
  EXPECT_FALSE(test_os::process_alive(std::stoi(pid))) << "the hanging worker outlived the run";
  EXPECT_TRUE(box.leftovers().empty());
}

// A master killed outright takes its workers with it: on Linux through the
// parent-death signal, elsewhere on POSIX through each worker's watch on its
// master, on Windows through the kill-on-close job dbtest puts itself in.
TEST(MasterKilled, ItsWorkersEndWithIt) {
  Sandbox box;
  const auto pid_file = box.root() / "hanging.pid";
  bp::child dbtest = start_fault_suite(box, sqlite_target(), {"--parallel", "2"},
                                       {{"FAULT_MODE", "hang"}, {"FAULT_PID_FILE", pid_file.string()}},
                                       box.root() / "out.txt");
  const auto worker = wait_for_pid(pid_file);
  ASSERT_FALSE(worker.empty());
  ASSERT_TRUE(test_os::kill_process(dbtest.id()));
  dbtest.wait();
  EXPECT_TRUE(ends_within(std::stoi(worker), std::chrono::seconds(10))) << "a worker outlived its killed master";
}

}  // namespace
}  // namespace e2e
