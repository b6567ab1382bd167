// A run that is interrupted, killed or out of time leaves nothing behind: no
// process, no database, no scratch file; and what a killed run could not
// clean up, `dbtest cleanup` finds and removes, without touching a live run.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <boost/process.hpp>
#include <signal.h>
#include <sys/wait.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <random>
#include <regex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "support/dbtest_run.hpp"
#include "support/engines.hpp"
#include "support/run_processes.hpp"

using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::MatchesRegex;
using ::testing::Not;

namespace e2e {
namespace {

namespace bp = boost::process;
namespace fs = std::filesystem;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

// How long a run may take to start its workers on a loaded machine; only a
// limit on waiting, never what decides a test.
constexpr auto kStartLimit = 30s;

// A dbtest run in the background, as a user starts it from a shell, with
// TMPDIR and the state folder in `sandbox` and `env` added. Every process of
// the run inherits `label=...`, so runs sharing a sandbox stay apart.
class BackgroundRun {
 public:
  BackgroundRun(const Sandbox& sandbox, const std::string& name, const std::vector<std::string>& args,
                const std::map<std::string, std::string>& env = {})
      : out_file_(sandbox.root() / (name + ".out")),
        err_file_(sandbox.root() / (name + ".err")),
        label_("E2E_RUN_LABEL=" + (sandbox.root() / name).string()) {
    bp::environment child_env = boost::this_process::environment();  // a copy: ours stays as it is
    for (const auto& unwanted : {"DBTEST_PARALLEL", "DBTEST_PROTOCOL", "DBTEST_DATABASE_URL", "NO_COLOR", "CLICOLOR_FORCE"}) {
      child_env.erase(unwanted);
    }
    child_env["TMPDIR"] = sandbox.tmp().string();
    child_env["E2E_RUN_LABEL"] = (sandbox.root() / name).string();
    for (const auto& [key, value] : env) child_env[key] = value;
    std::vector<std::string> full = {"--state-dir", sandbox.state().string()};
    full.insert(full.end(), args.begin(), args.end());
    started_ = Clock::now();
    child_ = bp::child(dbtest_exe(), bp::args(full), child_env, bp::start_dir(sandbox.root().string()),
                       bp::std_in < bp::null, bp::std_out > out_file_.string(), bp::std_err > err_file_.string());
  }

  int pid() const { return child_.id(); }
  // The environment entry of this run's processes, for processes_left_after.
  const std::string& label() const { return label_; }
  Clock::duration age() const { return Clock::now() - started_; }

  void signal(int number) { ::kill(child_.id(), number); }

  // True when dbtest ended within `limit`.
  bool wait_for(Clock::duration limit) {
    const auto deadline = Clock::now() + limit;
    std::error_code ec;
    while (child_.running(ec) && !ec) {
      if (Clock::now() >= deadline) return false;
      std::this_thread::sleep_for(10ms);
    }
    return true;
  }
  bool running() {
    std::error_code ec;
    return child_.running(ec) && !ec;
  }

  // After wait_for: the raw wait status, which tells an exit from a signal.
  int wait_status() const { return child_.native_exit_code(); }
  bool exited_with(int code) const { return WIFEXITED(wait_status()) && WEXITSTATUS(wait_status()) == code; }
  std::string how_it_ended() const {
    const int status = wait_status();
    if (WIFSIGNALED(status)) return "killed by signal " + std::to_string(WTERMSIG(status));
    return "exit status " + std::to_string(WEXITSTATUS(status));
  }

  std::string out() const { return slurp(out_file_); }
  std::string err() const { return slurp(err_file_); }
  // For failure messages.
  std::string report() const { return how_it_ended() + "\n--- stdout\n" + out() + "--- stderr\n" + err(); }

 private:
  fs::path out_file_;
  fs::path err_file_;
  std::string label_;
  Clock::time_point started_;
  bp::child child_;
};

// A test that fails on purpose must not leave hanging workers on the machine:
// whatever of the sandbox is alive at the end of the scope is killed.
class KillOnExit {
 public:
  explicit KillOnExit(std::string entry) : entry_(std::move(entry)) {}
  ~KillOnExit() {
    // Twice: a process may fork while the first pass kills.
    for (int pass = 0; pass < 2; ++pass) {
      for (const auto& p : processes_with_environment(entry_)) ::kill(p.pid, SIGKILL);
    }
  }

 private:
  std::string entry_;
};

std::string milliseconds(Clock::duration d) {
  return std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(d).count()) + " ms";
}

// What the first hanging tests wrote into `dir` (see suites/slow_suite.cpp):
// each worker's pid, with its run id. Waits until `count` have.
std::map<int, std::string> wait_for_hanging_workers(const fs::path& dir, std::size_t count) {
  std::map<int, std::string> found;
  const auto deadline = Clock::now() + kStartLimit;
  while (found.size() < count && Clock::now() < deadline) {
    std::this_thread::sleep_for(25ms);
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
      const std::string name = entry.path().filename().string();
      if (name.empty() || name.front() == '.') continue;  // still being written
      std::istringstream text(slurp(entry.path()));
      std::string run_id;
      text >> run_id;
      found[std::stoi(name)] = run_id;
    }
  }
  return found;
}

std::string the_run_id(const std::map<int, std::string>& workers) {
  return workers.empty() ? "" : workers.begin()->second;
}

// The server's databases of this test (SQLite has none) whose name holds `run_id`.
std::vector<std::string> databases_of_run(const EngineTarget& target, const std::string& run_id) {
  std::vector<std::string> out;
  for (const auto& name : target.databases_left()) {
    if (name.find(run_id) != std::string::npos) out.push_back(name);
  }
  return out;
}

// `args` with --test-db-name set to `name`; unchanged when it has none (SQLite).
std::vector<std::string> with_test_db_name(std::vector<std::string> args, const std::string& name) {
  const auto it = std::find(args.begin(), args.end(), "--test-db-name");
  if (it != args.end() && it + 1 != args.end()) *(it + 1) = name;
  return args;
}

// A run of the slow suite on the target: eight tests of about 150 ms on two workers.
std::vector<std::string> slow_run(const EngineTarget& target) {
  return concat(concat(target.args, target.migration_args), {"--parallel", "2", "--", suite("slow_suite")});
}

// --- Ctrl-C at any moment -------------------------------------------------

// How a run that got SIGINT at a random moment may end.
void expect_ended_by_the_interrupt_or_before_it(const BackgroundRun& run) {
  if (WIFSIGNALED(run.wait_status())) {
    // The signal came before dbtest installed its handler, while it read its
    // options: nothing of the run existed yet, so the default action is right.
    EXPECT_EQ(WTERMSIG(run.wait_status()), SIGINT) << run.report();
    return;
  }
  // 130: interrupted. 0: the run was over before the signal came.
  EXPECT_TRUE(run.exited_with(130) || run.exited_with(0)) << run.report();
  EXPECT_THAT(run.err(), Not(HasSubstr("dbtest: error:"))) << run.report();
  // The workers it killed were stopped, not broken: no test failed.
  EXPECT_THAT(last_line(run.out()), ContainsRegex("^[0-8] passed, 0 failed, 0 skipped$")) << run.report();
  if (run.exited_with(0)) {
    EXPECT_EQ(last_line(run.out()), "8 passed, 0 failed, 0 skipped") << run.report();
  }
}

// Seeded so a failure can be replayed: E2E_INTERRUPT_SEED=N.
unsigned interrupt_seed() {
  if (const char* seed = std::getenv("E2E_INTERRUPT_SEED")) return static_cast<unsigned>(std::stoul(seed));
  return std::random_device{}();
}

void leaves_nothing_behind_when_ctrl_c_comes_at_any_moment(Engine engine) {
  E2E_REQUIRE_ENGINE(target, engine);
  const auto args = slow_run(target);

  // The run's typical length on this machine, now: signals are spread over it.
  Clock::duration typical{};
  {
    Sandbox box;
    KillOnExit kill_on_exit(tmpdir_entry(box));
    BackgroundRun whole(box, "whole", args);
    ASSERT_TRUE(whole.wait_for(60s)) << "a whole run did not end within 60 s";
    typical = whole.age();
    // Twenty runs of this length must fit in the test's time.
    ASSERT_LT(typical, 5s) << "a whole run took " << milliseconds(typical) << "\n" << whole.report();
    ASSERT_TRUE(whole.exited_with(0)) << whole.report();
    ASSERT_EQ(last_line(whole.out()), "8 passed, 0 failed, 0 skipped") << whole.report();
  }

  const unsigned seed = interrupt_seed();
  std::mt19937 random(seed);
  std::uniform_int_distribution<long long> moment(0, std::chrono::duration_cast<std::chrono::microseconds>(typical).count());
  for (int attempt = 1; attempt <= 20; ++attempt) {
    const auto delay = std::chrono::microseconds(moment(random));
    SCOPED_TRACE("attempt " + std::to_string(attempt) + " of 20, SIGINT after " + milliseconds(delay) + " of a run of " +
                 milliseconds(typical) + "; replay with E2E_INTERRUPT_SEED=" + std::to_string(seed));
    Sandbox box;
    KillOnExit kill_on_exit(tmpdir_entry(box));
    BackgroundRun run(box, "run", args);
    std::this_thread::sleep_for(delay);
    run.signal(SIGINT);
    ASSERT_TRUE(run.wait_for(30s)) << "dbtest did not end within 30 s of SIGINT";

    expect_ended_by_the_interrupt_or_before_it(run);
    const auto alive = processes_left_after(tmpdir_entry(box), 5s);
    EXPECT_THAT(alive, IsEmpty()) << "still alive 5 s after dbtest ended";
    EXPECT_THAT(target.databases_left(), IsEmpty()) << run.report();
    EXPECT_THAT(box.leftovers(), IsEmpty()) << run.report();
    // One broken attempt says it all; the next ones would trip over its remains.
    if (::testing::Test::HasFailure()) return;
  }
}

// --- A second Ctrl-C -------------------------------------------------------

// The environment of a run of the slow suite whose tests hang and write
// their worker's pid into `dir` (see suites/slow_suite.cpp).
std::map<std::string, std::string> hanging_tests(const fs::path& dir) {
  fs::create_directories(dir);
  return {{"SLOW_SUITE_HANG_DIR", dir.string()}};
}

void second_ctrl_c_ends_at_once_and_kills_every_worker(Engine engine) {
  E2E_REQUIRE_ENGINE(target, engine);
  for (int attempt = 1;; ++attempt) {
    Sandbox box;
    KillOnExit kill_on_exit(tmpdir_entry(box));
    // Both workers hang, each with a child of its own, and ignore SIGTERM, so
    // a clean-up that asked them politely to stop would still be waiting.
    auto env = hanging_tests(box.root() / "hanging");
    env["SLOW_SUITE_IGNORE_TERM"] = "1";
    BackgroundRun run(box, "run", slow_run(target), env);
    ASSERT_EQ(wait_for_hanging_workers(box.root() / "hanging", 2).size(), 2u) << "the tests never hung\n" << run.report();

    run.signal(SIGINT);
    // The second signal goes as soon as dbtest has taken the first, when its
    // clean-up has barely begun: dbtest kills its workers with SIGKILL, so
    // 100 ms later it is often over. Sent sooner, the two would merge into one.
    ASSERT_TRUE(wait_until_taken(run.pid(), SIGINT, 5000ms)) << "dbtest never took the first SIGINT\n" << run.report();
    const bool still_cleaning_up = run.running();
    run.signal(SIGINT);
    // A machine that stalled this test long enough for the first clean-up to
    // end tested nothing: again, a few times.
    if (!still_cleaning_up && attempt < 3) {
      ASSERT_TRUE(run.wait_for(30s));
      continue;
    }
    ASSERT_TRUE(still_cleaning_up) << "the first clean-up was over before the second SIGINT, three times";
    ASSERT_TRUE(run.wait_for(2s)) << "dbtest did not end within 2 s of the second SIGINT";
    EXPECT_TRUE(run.exited_with(130)) << run.report();
    const auto alive = processes_left_after(tmpdir_entry(box), 2s);
    EXPECT_THAT(alive, IsEmpty()) << "still alive 2 s after dbtest ended";

    // What the run did not clean up (its scratch folder, its databases on a
    // server) is for the next run to report and for `dbtest cleanup` to remove.
    // Only the scratch folder is checked by name: it is in this sandbox alone,
    // while a `dbtest cleanup` of a test running beside this one may drop the
    // databases of any run that is gone, these too.
    const auto scratch = box.leftovers();
    const auto next = run_dbtest(box, slow_run(target));
    EXPECT_EQ(next.exit_code, 0) << next.all();
    if (!scratch.empty()) {
      EXPECT_THAT(next.out, HasSubstr("left by runs that are gone")) << next.all();
    }
    const auto cleanup = run_dbtest(box, cleanup_command(target));
    EXPECT_EQ(cleanup.exit_code, 0) << cleanup.all();
    for (const auto& name : scratch) EXPECT_THAT(cleanup.out, HasSubstr(name)) << cleanup.all();
    EXPECT_THAT(target.databases_left(), IsEmpty()) << cleanup.all();
    EXPECT_THAT(box.leftovers(), IsEmpty()) << cleanup.all();
    return;
  }
}

// --- A master killed outright ---------------------------------------------

void cleanup_removes_everything_of_that_run_and_nothing_of_a_live_one(Engine engine) {
  E2E_REQUIRE_ENGINE(target, engine);
  Sandbox box;
  KillOnExit kill_on_exit(tmpdir_entry(box));
  const auto hang_a = box.root() / "hanging-a";
  const auto hang_b = box.root() / "hanging-b";
  // Two runs at once in one temporary folder on one server, both stuck in
  // their tests: A is about to be killed, B stays alive.
  BackgroundRun a(box, "a", slow_run(target), hanging_tests(hang_a));
  BackgroundRun b(box, "b", with_test_db_name(slow_run(target), own_database_name() + "_b"), hanging_tests(hang_b));
  const auto workers_a = wait_for_hanging_workers(hang_a, 2);
  const auto workers_b = wait_for_hanging_workers(hang_b, 2);
  ASSERT_EQ(workers_a.size(), 2u) << a.report();
  ASSERT_EQ(workers_b.size(), 2u) << b.report();
  const std::string run_a = the_run_id(workers_a);
  const std::string run_b = the_run_id(workers_b);
  const std::string scratch_a = "dbtest-" + run_a;
  const std::string scratch_b = "dbtest-" + run_b;

  a.signal(SIGKILL);
  ASSERT_TRUE(a.wait_for(5s));  // reaped: a zombie would still count as alive
  const auto alive = processes_left_after(a.label(), 5s);
  EXPECT_THAT(alive, IsEmpty()) << "run A's processes outlived their master by 5 s";

  // Run A's databases are not counted here: a `dbtest cleanup` of a test
  // running beside this one may drop them as soon as A is gone.
  const auto databases_b = databases_of_run(target, run_b);
  EXPECT_THAT(box.leftovers(), ::testing::Contains(scratch_a)) << "the killed run's scratch folder should be there";

  const auto cleanup = run_dbtest(box, cleanup_command(target));
  EXPECT_EQ(cleanup.exit_code, 0) << cleanup.all();
  EXPECT_THAT(databases_of_run(target, run_a), IsEmpty()) << cleanup.all();
  EXPECT_THAT(box.leftovers(), Not(::testing::Contains(scratch_a))) << cleanup.all();
  EXPECT_EQ(databases_of_run(target, run_b), databases_b) << cleanup.all();
  EXPECT_THAT(box.leftovers(), ::testing::Contains(scratch_b)) << cleanup.all();
  EXPECT_THAT(cleanup.out, Not(HasSubstr(run_b))) << cleanup.all();
  EXPECT_TRUE(b.running()) << b.report();

  b.signal(SIGINT);
  ASSERT_TRUE(b.wait_for(30s)) << "run B did not end within 30 s of SIGINT";
  EXPECT_TRUE(b.exited_with(130)) << b.report();
  const auto alive_after = processes_left_after(tmpdir_entry(box), 5s);
  EXPECT_THAT(alive_after, IsEmpty()) << "still alive 5 s after run B ended";
  EXPECT_THAT(target.databases_left(), IsEmpty()) << b.report();
  EXPECT_THAT(box.leftovers(), IsEmpty()) << b.report();
}

// One test per engine, named SUITE.NAME/ENGINE like a parameterised test. Not
// TEST_P: the suite Interrupt already holds a plain TEST (test_faults.cpp),
// and GoogleTest fails a suite that mixes fixture classes; a test registered
// with ::testing::Test as its fixture may share it.
class PerEngine : public ::testing::Test {
 public:
  PerEngine(void (*body)(Engine), Engine engine) : body_(body), engine_(engine) {}
  void TestBody() override { body_(engine_); }

 private:
  void (*body_)(Engine);
  Engine engine_;
};

void register_per_engine(const char* suite_name, const char* test_name, void (*body)(Engine)) {
  for (const Engine engine : built_engines()) {
    const std::string name = std::string(test_name) + "/" + engine_name(engine);
    ::testing::RegisterTest(suite_name, name.c_str(), nullptr, nullptr, __FILE__, __LINE__,
                            [body, engine]() -> ::testing::Test* { return new PerEngine(body, engine); });
  }
}

const bool registered = [] {
  register_per_engine("Interrupt", "LeavesNothingBehindWhenCtrlCComesAtAnyMoment",
                      leaves_nothing_behind_when_ctrl_c_comes_at_any_moment);
  register_per_engine("Interrupt", "SecondCtrlCEndsAtOnceAndKillsEveryWorker",
                      second_ctrl_c_ends_at_once_and_kills_every_worker);
  register_per_engine("MasterKilled", "CleanupRemovesEverythingOfThatRunAndNothingOfALiveOne",
                      cleanup_removes_everything_of_that_run_and_nothing_of_a_live_one);
  return true;
}();

// --- Bazel's premature-exit file ----------------------------------------------

// Bazel fails a test whose runner left TEST_PREMATURE_EXIT_FILE behind, even
// when the exit status looks fine: dbtest removes it at an exit of its own
// only, so a dbtest killed outright leaves it.
TEST(Bazel, APrematureExitFileStaysWhenDbtestIsKilled) {
  E2E_REQUIRE_ENGINE(target, Engine::sqlite);
  Sandbox box;
  KillOnExit kill_on_exit(tmpdir_entry(box));
  const auto marker = box.root() / "premature_exit";
  auto env = hanging_tests(box.root() / "hanging");
  env["TEST_PREMATURE_EXIT_FILE"] = marker.string();
  BackgroundRun run(box, "run", slow_run(target), env);
  ASSERT_EQ(wait_for_hanging_workers(box.root() / "hanging", 2).size(), 2u) << run.report();
  EXPECT_TRUE(fs::exists(marker)) << "TEST_PREMATURE_EXIT_FILE is not there while dbtest runs";
  run.signal(SIGKILL);
  ASSERT_TRUE(run.wait_for(5s));
  EXPECT_TRUE(fs::exists(marker)) << "a dbtest killed outright removed TEST_PREMATURE_EXIT_FILE";
  run_dbtest(box, {"cleanup"});
}

// --- a master killed while binaries list their tests --------------------------

TEST(MasterKilled, WhileABinaryListsItsTestsTheListingEndsAndCleanupRemovesTheRest) {
  if (dbtest_platform() != "linux") {
    GTEST_SKIP() << "a listing ends with a dbtest killed outright through Linux's parent-death signal "
                    "(child_lifetime_linux.cpp); dbtest's "
                 << dbtest_platform() << " files have no such call (child_lifetime_other.cpp)";
  }
  Sandbox box;
  KillOnExit kill_on_exit(tmpdir_entry(box));
  BackgroundRun run(box, "run", {"--migrations", migrations("portable"), "--", suite("fault_suite")},
                    {{"FAULT_MODE", "list-hang"}});
  // The listing binary hangs before main(); its process shows in /proc.
  const auto deadline = Clock::now() + kStartLimit;
  while (Clock::now() < deadline && processes_of(box).size() < 2) std::this_thread::sleep_for(20ms);
  ASSERT_GE(processes_of(box).size(), 2u) << "the listing never started\n" << run.report();
  run.signal(SIGKILL);
  ASSERT_TRUE(run.wait_for(kStartLimit));
  EXPECT_THAT(processes_left_after(tmpdir_entry(box), 5s), IsEmpty()) << "the listing outlived its master";
  const auto cleanup = run_dbtest(box, {"cleanup"});
  EXPECT_EQ(cleanup.exit_code, 0) << cleanup.all();
  EXPECT_THAT(cleanup.out, HasSubstr("removed 1 folder of runs that are gone")) << cleanup.all();
  EXPECT_THAT(box.leftovers(), IsEmpty());
}

// --- --run-timeout ---------------------------------------------------------

TEST(RunTimeout, EndsTheWholeRunAndSaysSo) {
  Sandbox box;
  KillOnExit kill_on_exit(tmpdir_entry(box));
  // Eight tests of 4 s on two workers would take 16 s; at 2 s the first two run.
  const auto start = Clock::now();
  const auto r = run_dbtest(box, {"--parallel", "2", "--run-timeout", "2", "--migrations", migrations("portable"), "--",
                                  suite("slow_suite")},
                            {{"SLOW_SUITE_SLEEP_MS", "4000"}});
  const auto took = Clock::now() - start;
  EXPECT_LT(took, 5s) << milliseconds(took) << "\n" << r.all();
  expect_one_line_error(r, "--run-timeout");
  const std::regex timed_out("^TIMED OUT: (Apples|Pears|Plums|Cherries)\\.First\\b");
  int reported = 0;
  for (const auto& line : lines_of(r.out)) reported += std::regex_search(line, timed_out) ? 1 : 0;
  EXPECT_EQ(reported, 2) << r.out;
  EXPECT_THAT(r.out, HasSubstr("6 tests were not run")) << r.out;
  EXPECT_EQ(last_line(r.out), "0 passed, 2 failed, 0 skipped") << r.out;
  const auto alive = processes_left_after(tmpdir_entry(box), 5s);
  EXPECT_THAT(alive, IsEmpty()) << "still alive 5 s after dbtest ended";
  EXPECT_THAT(box.leftovers(), IsEmpty());
}

// --resume after a run was cut short. The overlap suite's 14 tests write a
// file as they start and end (suites/overlap_suite.cpp); the first part is
// stopped once four have ended.

std::size_t files_ending_in(const fs::path& dir, const std::string& suffix) {
  std::size_t n = 0;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    const auto name = entry.path().filename().string();
    n += name.size() > suffix.size() && name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0 ? 1 : 0;
  }
  return n;
}

// Starts the overlap suite on two workers and stops the master with
// `signal` once four tests have ended; returns how dbtest ended.
std::string cut_short(const Sandbox& box, int signal, const fs::path& events) {
  fs::create_directories(events);
  BackgroundRun run(box, "first", {"--parallel", "2", "--dist", "test", "--", suite("linked_overlap_suite")},
                    {{"OVERLAP_DIR", events.string()}});
  const auto deadline = Clock::now() + kStartLimit;
  while (files_ending_in(events, ".end") < 4 && Clock::now() < deadline) std::this_thread::sleep_for(5ms);
  run.signal(signal);
  EXPECT_TRUE(run.wait_for(kStartLimit)) << run.report();
  EXPECT_LT(files_ending_in(events, ".end"), 14u) << "the run ended before it was cut short";
  return run.how_it_ended() + "\n" + run.out() + run.err();
}

// Resumes into `events`, and checks the whole run is reported once: every
// test has one result, and no test that had a result before ran again.
void expect_resumed_whole(const Sandbox& box, const fs::path& events) {
  fs::create_directories(events);
  const auto report = box.root() / "resumed.xml";
  const auto r = run_dbtest(box, {"--parallel", "2", "--dist", "test", "--resume", "--junit-xml", report.string(), "--",
                                  suite("linked_overlap_suite")},
                            {{"OVERLAP_DIR", events.string()}});
  EXPECT_EQ(r.exit_code, 0) << r.all();
  EXPECT_EQ(last_line(r.out), "14 passed, 0 failed, 0 skipped") << r.all();
  EXPECT_THAT(r.out, HasSubstr("Resumed: ")) << r.out;
  const std::string xml = slurp(report);
  EXPECT_THAT(xml, HasSubstr(R"(<testsuites name="dbtest" tests="14" failures="0" errors="0" skipped="0")"));
  std::size_t earlier = 0;
  for (auto at = xml.find("dbtest.resumed"); at != std::string::npos; at = xml.find("dbtest.resumed", at + 1)) ++earlier;
  // Four tests had ended when the master was stopped; the results of the
  // last of them, one per worker, may still have been on their way to it.
  EXPECT_GE(earlier, 2u) << xml;
  // What ran now is exactly what had no result before.
  EXPECT_EQ(files_ending_in(events, ".start"), 14u - earlier) << r.out;
  // Done: a second --resume has nothing to do.
  const auto again = run_dbtest(box, {"--resume", "--dist", "test", "--", suite("linked_overlap_suite")});
  EXPECT_EQ(again.exit_code, 2) << again.all();
  EXPECT_THAT(again.err, HasSubstr("finished; there is nothing to resume"));
}

TEST(Resume, AfterCtrlCRunsOnlyWhatHadNoResultAndReportsTheWholeRun) {
  Sandbox box;
  KillOnExit kill_on_exit(tmpdir_entry(box));
  const auto first = cut_short(box, SIGINT, box.root() / "part1");
  EXPECT_THAT(first, HasSubstr("exit status 130")) << first;
  expect_resumed_whole(box, box.root() / "part2");
}

TEST(Resume, AfterTheMasterWasKilledRunsOnlyWhatHadNoResult) {
  Sandbox box;
  KillOnExit kill_on_exit(tmpdir_entry(box));
  const auto first = cut_short(box, SIGKILL, box.root() / "part1");
  EXPECT_THAT(first, HasSubstr("killed by signal 9")) << first;
  // Its workers end with it; what it could not remove, cleanup does.
  EXPECT_THAT(processes_left_after(tmpdir_entry(box), 5s), IsEmpty());
  expect_resumed_whole(box, box.root() / "part2");
  const auto cleanup = run_dbtest(box, {"cleanup"});
  EXPECT_EQ(cleanup.exit_code, 0) << cleanup.all();
}

TEST(Resume, RefusesWhenTheSelectionChanged) {
  Sandbox box;
  KillOnExit kill_on_exit(tmpdir_entry(box));
  cut_short(box, SIGINT, box.root() / "part1");
  const auto r = run_dbtest(box, {"--resume", "--dist", "test", "--filter", "Serial.*", "--", suite("linked_overlap_suite")});
  EXPECT_EQ(r.exit_code, 2) << r.all();
  EXPECT_THAT(r.err, MatchesRegex("dbtest: error: --resume: the binaries or the selection changed since the run that did "
                                  "not finish \\([^)]*\\); run without --resume\n"));
  EXPECT_THAT(r.out, IsEmpty());
}

TEST(Resume, RefusesWithoutAnEarlierRun) {
  Sandbox box;
  const auto r = run_dbtest(box, {"--resume", "--", suite("passing_suite")});
  EXPECT_EQ(r.exit_code, 2) << r.all();
  EXPECT_THAT(r.err, MatchesRegex("dbtest: error: --resume: there is no run to resume \\(state folder .*\\)\n"));
}

}  // namespace
}  // namespace e2e
