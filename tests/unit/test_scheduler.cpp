// The scheduler, driven by a fake WorkerPool: every worker is a script that
// answers start() with Hello and RunBatch with the events of each test's
// behaviour, so crashes, hangs and slow suites are deterministic.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <deque>
#include <map>
#include <set>
#include <stdexcept>
#include <thread>

#include "schedule/scheduler.hpp"
#include "schedule/work_plan.hpp"

namespace dbtest::unit {
namespace {

using runner::Distribution;
using runner::Outcome;
using runner::PoolEvent;
using runner::RunObserver;
using runner::SchedulerConfig;
using runner::SchedulerOutcome;
using runner::SelectedTest;
using runner::TestResult;
using runner::WorkerExit;
using runner::WorkerPool;
using runner::WorkUnit;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::UnorderedElementsAre;

enum class Behaviour {
  pass,
  fail,
  skip,
  crash,       // the worker dies while the test runs
  hang,        // the test never ends (until the worker is killed)
  slow,        // the test's end, and the rest of its batch, arrive only when nothing else can happen
  unreported,  // the worker never reports the test, but says BatchDone
};

struct PoolCall {
  enum Type { start, send, kill } type;
  int slot = 0;
  int binary = -1;                               // start
  std::optional<protocol::MasterMessage> message;  // send

  bool is_run() const { return type == send && std::holds_alternative<protocol::RunBatch>(*message); }
  bool is_shutdown() const { return type == send && std::holds_alternative<protocol::Shutdown>(*message); }
  const protocol::RunBatch& batch() const { return std::get<protocol::RunBatch>(*message); }
};

class FakeWorkerPool : public WorkerPool {
 public:
  // ---- the script ----
  std::map<std::string, Behaviour> behaviour;  // by full test name; pass when absent
  // Messages a worker sends right after TestStarted of the test.
  std::map<std::string, std::vector<protocol::WorkerMessage>> extra_messages;
  // How many more times a worker dies just before starting the test (in
  // SetUpTestSuite, say): no TestStarted, no result.
  std::map<std::string, int> crashes_before;
  // The worker goes silent just before starting the test (a hang in SetUpTestSuite).
  std::set<std::string> hangs_before;
  // The worker dies right after reporting the test (in TearDownTestSuite, say).
  std::set<std::string> crashes_after;
  std::set<int> binaries_that_cannot_start;
  std::set<int> binaries_that_never_say_hello;
  std::map<std::string, int> binary_of;  // to check RunBatch goes to a worker of the right binary
  std::optional<std::string> fatal_before_exit;  // a WorkerFatal the failing worker sends first
  std::string crash_output = "Segmentation fault in the test\n";
  bool ignores_shutdown = false;  // a hang in a static destructor, say

  // ---- what happened ----
  std::vector<PoolCall> calls;

  int starts() const { return count(PoolCall::start); }
  int kills() const { return count(PoolCall::kill); }
  int count(PoolCall::Type type) const {
    return static_cast<int>(std::count_if(calls.begin(), calls.end(), [type](const PoolCall& c) { return c.type == type; }));
  }
  std::vector<PoolCall> runs() const {
    std::vector<PoolCall> out;
    for (const auto& c : calls) {
      if (c.is_run()) out.push_back(c);
    }
    return out;
  }
  std::vector<std::pair<int, int>> start_calls() const {
    std::vector<std::pair<int, int>> out;
    for (const auto& c : calls) {
      if (c.type == PoolCall::start) out.emplace_back(c.slot, c.binary);
    }
    return out;
  }

  // ---- WorkerPool ----
  void start(int slot, int binary) override {
    calls.push_back({PoolCall::start, slot, binary, std::nullopt});
    Worker& w = workers_[slot];
    if (w.state == Worker::alive) ADD_FAILURE() << "start(" << slot << ") while its worker is still alive";
    w.state = Worker::alive;
    w.binary = binary;
    if (binaries_that_cannot_start.count(binary)) {
      if (fatal_before_exit) push(slot, protocol::WorkerFatal{*fatal_before_exit});
      exit(slot, WorkerExit{1, false, "exit status 1", {"cannot open the clone\n", 0}});
      return;
    }
    if (binaries_that_never_say_hello.count(binary)) return;
    push(slot, protocol::Hello{protocol::kVersion, 1000 + slot, 0.25});
  }

  void send(int slot, const protocol::MasterMessage& message) override {
    calls.push_back({PoolCall::send, slot, -1, message});
    Worker& w = workers_[slot];
    if (w.state != Worker::alive) {
      ADD_FAILURE() << "send() to slot " << slot << " whose worker is not alive";
      return;
    }
    if (std::holds_alternative<protocol::Shutdown>(message)) {
      if (!ignores_shutdown) exit(slot, WorkerExit{0, false, "exit status 0", {}});
    } else if (const auto* run = std::get_if<protocol::RunBatch>(&message)) {
      run_batch(slot, w, *run);
    }
  }

  void kill(int slot) override {
    calls.push_back({PoolCall::kill, slot, -1, std::nullopt});
    Worker& w = workers_[slot];
    if (w.state != Worker::alive) return;
    // Whatever the worker had not yet said dies with it.
    std::erase_if(ready_, [slot](const PoolEvent& e) { return e.slot == slot; });
    std::erase_if(deferred_, [slot](const auto& d) { return d.first == slot; });
    exit(slot, WorkerExit{-1, true, "killed by signal 9 (SIGKILL)", {}});
  }

  std::optional<PoolEvent> wait(std::chrono::milliseconds timeout) override {
    if (ready_.empty() && !deferred_.empty()) {
      for (auto& e : deferred_.front().second) ready_.push_back(std::move(e));
      deferred_.pop_front();
    }
    if (!ready_.empty()) {
      PoolEvent event = std::move(ready_.front());
      ready_.pop_front();
      if (std::holds_alternative<WorkerExit>(event.what)) workers_[event.slot].state = Worker::gone;
      quiet_since_.reset();
      return event;
    }
    // Nothing can happen but a timeout or an interrupt. A scheduler that
    // waits here for long waits for an event that will never come.
    const auto now = std::chrono::steady_clock::now();
    if (!quiet_since_) quiet_since_ = now;
    if (now - *quiet_since_ > std::chrono::seconds(3)) {
      throw std::runtime_error("FakeWorkerPool: the scheduler waits for an event no worker will send");
    }
    std::this_thread::sleep_for(std::min(timeout, std::chrono::milliseconds(2)));
    return std::nullopt;
  }

 private:
  struct Worker {
    enum State { none, alive, exiting, gone } state = none;
    int binary = -1;
  };

  void push(int slot, protocol::WorkerMessage message) { ready_.push_back({slot, std::move(message)}); }
  void exit(int slot, WorkerExit exit) {
    workers_[slot].state = Worker::exiting;
    ready_.push_back({slot, std::move(exit)});
  }

  void run_batch(int slot, Worker& w, const protocol::RunBatch& run) {
    std::deque<PoolEvent> events;
    std::optional<std::size_t> split;  // events from here on are deferred
    bool ends_batch = true;
    for (const auto& name : run.tests) {
      if (auto it = binary_of.find(name); it != binary_of.end() && it->second != w.binary) {
        ADD_FAILURE() << name << " of binary " << it->second << " sent to a worker of binary " << w.binary;
      }
      const auto b = behaviour.count(name) ? behaviour.at(name) : Behaviour::pass;
      if (b == Behaviour::unreported) continue;
      if (auto it = crashes_before.find(name); it != crashes_before.end() && it->second > 0) {
        --it->second;
        events.push_back({slot, WorkerExit{134, true, "killed by signal 6 (SIGABRT)", {"abort in SetUpTestSuite\n", 0}}});
        ends_batch = false;
        break;
      }
      if (hangs_before.count(name)) {
        ends_batch = false;
        break;
      }
      events.push_back({slot, protocol::TestStarted{run.batch, name}});
      for (const auto& m : extra_messages[name]) events.push_back({slot, m});
      protocol::TestFinished finished{run.batch, name, protocol::TestStatus::passed, 0.5, {}, {}};
      if (b == Behaviour::crash) {
        events.push_back({slot, WorkerExit{139, true, "killed by signal 11 (SIGSEGV)", {crash_output, 0}}});
        ends_batch = false;
        break;
      }
      if (b == Behaviour::hang) {
        ends_batch = false;
        break;
      }
      if (b == Behaviour::slow && !split) split = events.size();
      if (b == Behaviour::fail) {
        finished.status = protocol::TestStatus::failed;
        finished.failures = {{"orders_test.cpp", 42, "Expected equality"}};
        finished.output = {"printed by " + name + "\n", 0};
      }
      if (b == Behaviour::skip) finished.status = protocol::TestStatus::skipped;
      events.push_back({slot, finished});
      if (crashes_after.count(name)) {
        events.push_back({slot, WorkerExit{134, true, "killed by signal 6 (SIGABRT)", {"abort in TearDownTestSuite\n", 0}}});
        ends_batch = false;
        break;
      }
    }
    if (ends_batch) events.push_back({slot, protocol::BatchDone{run.batch}});

    const std::size_t now = split.value_or(events.size());
    for (std::size_t i = 0; i < now; ++i) {
      if (std::holds_alternative<WorkerExit>(events[i].what)) w.state = Worker::exiting;
      ready_.push_back(std::move(events[i]));
    }
    if (now < events.size()) {
      std::deque<PoolEvent> later(std::make_move_iterator(events.begin() + static_cast<std::ptrdiff_t>(now)),
                                  std::make_move_iterator(events.end()));
      for (const auto& e : later) {
        if (std::holds_alternative<WorkerExit>(e.what)) w.state = Worker::exiting;
      }
      deferred_.emplace_back(slot, std::move(later));
    }
  }

  std::map<int, Worker> workers_;
  std::deque<PoolEvent> ready_;
  std::deque<std::pair<int, std::deque<PoolEvent>>> deferred_;
  std::optional<std::chrono::steady_clock::time_point> quiet_since_;
};

class RecordingObserver : public RunObserver {
 public:
  struct Started {
    int slot;
    int binary;
    std::string name;
  };
  struct Publication {
    int slot;
    std::string key;
    std::string value;
  };
  std::vector<Started> started;
  std::vector<TestResult> finished;
  std::vector<Publication> publications;
  std::vector<std::pair<int, double>> workers_started;
  int ticks = 0;

  void test_started(int slot, int binary, const std::string& name) override { started.push_back({slot, binary, name}); }
  void test_finished(const TestResult& result) override { finished.push_back(result); }
  void published(int slot, const std::string& key, const std::string& value) override {
    publications.push_back({slot, key, value});
  }
  void worker_started(int slot, double setup_seconds) override { workers_started.emplace_back(slot, setup_seconds); }
  void tick() override { ++ticks; }

  const TestResult* result(const std::string& name) const {
    const TestResult* found = nullptr;
    for (const auto& r : finished) {
      if (r.name == name && !r.suite_error) {
        if (found) ADD_FAILURE() << name << " reported more than once";
        found = &r;
      }
    }
    return found;
  }
  std::vector<std::string> names() const {
    std::vector<std::string> out;
    for (const auto& r : finished) out.push_back(r.name);
    return out;
  }
};

// The fixture bears the name of the class under test, so tests read
// "Scheduler.RequeuesWorkOfCrashedWorker".
class Scheduler : public ::testing::Test {
 protected:
  WorkUnit unit(int binary, std::vector<std::string> tests) {
    for (const auto& t : tests) pool.binary_of[t] = binary;
    return WorkUnit{binary, std::move(tests), 1.0};
  }
  WorkUnit unit(std::vector<std::string> tests) { return unit(0, std::move(tests)); }

  SchedulerOutcome run(std::vector<WorkUnit> units, const std::function<bool()>& interrupted = [] { return false; }) {
    runner::Scheduler scheduler(pool, observer, config, std::move(units));
    return scheduler.run(interrupted);
  }

  FakeWorkerPool pool;
  RecordingObserver observer;
  SchedulerConfig config;
};

TEST_F(Scheduler, RunsEveryUnitAndReportsEveryTestOnce) {
  config.slots = 3;
  std::vector<WorkUnit> units;
  std::vector<std::string> all;
  for (int u = 0; u < 7; ++u) {
    std::vector<std::string> tests;
    for (int t = 0; t <= u % 3; ++t) tests.push_back("Suite" + std::to_string(u) + ".Test" + std::to_string(t));
    all.insert(all.end(), tests.begin(), tests.end());
    units.push_back(unit(tests));
  }
  const auto outcome = run(units);

  EXPECT_FALSE(outcome.infrastructure_error);
  EXPECT_FALSE(outcome.interrupted);
  EXPECT_EQ(outcome.units_not_run, 0);
  EXPECT_EQ(outcome.worker_restarts, 0);
  EXPECT_TRUE(outcome.unfinished_tests.empty());
  ASSERT_EQ(observer.finished.size(), all.size());
  for (const auto& name : all) {
    const TestResult* r = observer.result(name);
    ASSERT_NE(r, nullptr) << name;
    EXPECT_EQ(r->outcome, Outcome::passed) << name;
    EXPECT_EQ(r->suite, name.substr(0, name.find('.')));
    EXPECT_EQ(r->binary, 0);
  }
  EXPECT_EQ(observer.started.size(), all.size());
  EXPECT_EQ(pool.runs().size(), units.size());
  EXPECT_GT(observer.ticks, 0);
}

TEST_F(Scheduler, ReportsOutcomesAsTheWorkerSaysAndCarriesFailures) {
  pool.behaviour = {{"S.Fails", Behaviour::fail}, {"S.Skips", Behaviour::skip}};
  run({unit({"S.Passes", "S.Fails", "S.Skips"})});

  ASSERT_EQ(observer.finished.size(), 3u);
  EXPECT_EQ(observer.result("S.Passes")->outcome, Outcome::passed);
  EXPECT_EQ(observer.result("S.Skips")->outcome, Outcome::skipped);
  const TestResult* failed = observer.result("S.Fails");
  EXPECT_EQ(failed->outcome, Outcome::failed);
  ASSERT_EQ(failed->failures.size(), 1u);
  EXPECT_EQ(failed->failures[0].file, "orders_test.cpp");
  EXPECT_EQ(failed->failures[0].line, 42);
  EXPECT_EQ(failed->output.text, "printed by S.Fails\n");
  EXPECT_DOUBLE_EQ(failed->seconds, 0.5);
  EXPECT_EQ(failed->slot, 1);
}

TEST_F(Scheduler, NeverStartsMoreWorkersThanUnits) {
  config.slots = 8;
  run({unit({"A.a"}), unit({"B.b"})});

  EXPECT_EQ(pool.starts(), 2);
  std::set<int> slots;
  for (const auto& [slot, binary] : pool.start_calls()) slots.insert(slot);
  EXPECT_EQ(slots.size(), 2u);
  EXPECT_EQ(observer.finished.size(), 2u);
}

TEST_F(Scheduler, RunsNothingAndStartsNoWorkerWithoutUnits) {
  config.slots = 4;
  const auto outcome = run({});
  EXPECT_TRUE(pool.calls.empty());
  EXPECT_TRUE(observer.finished.empty());
  EXPECT_FALSE(outcome.infrastructure_error);
}

TEST_F(Scheduler, SlotPullsItsNextUnitWhenItFinishes) {
  config.slots = 2;
  pool.behaviour = {{"Slow.Test", Behaviour::slow}};
  const auto outcome = run({unit({"Slow.Test"}), unit({"A.a"}), unit({"B.b"}), unit({"C.c"})});

  EXPECT_FALSE(outcome.infrastructure_error);
  // The slow unit holds slot 1; slot 2 takes every other unit in turn.
  EXPECT_EQ(observer.result("Slow.Test")->slot, 1);
  EXPECT_EQ(observer.result("A.a")->slot, 2);
  EXPECT_EQ(observer.result("B.b")->slot, 2);
  EXPECT_EQ(observer.result("C.c")->slot, 2);
  EXPECT_THAT(observer.names(), ElementsAre("A.a", "B.b", "C.c", "Slow.Test"));
  EXPECT_EQ(pool.starts(), 2);  // one process per slot: the next unit goes to the running worker
}

TEST_F(Scheduler, SuiteUnitsStayWholeOnOneWorker) {
  config.slots = 3;
  std::vector<SelectedTest> selected;
  for (const std::string suite : {"Orders", "Customers", "Payments", "Stock", "Returns"}) {
    for (int i = 0; i < 4; ++i) selected.push_back({0, {suite, "Case" + std::to_string(i)}});
  }
  auto units = runner::plan_work(selected, {"bin"}, Distribution::suite, {});
  for (const auto& u : units) unit(u.binary, u.tests);  // registers the binary of each test
  run(units);

  ASSERT_EQ(observer.finished.size(), 20u);
  std::map<std::string, int> batches_per_suite;
  for (const auto& call : pool.runs()) {
    const auto& tests = call.batch().tests;
    ASSERT_FALSE(tests.empty());
    const std::string suite = tests.front().substr(0, tests.front().find('.'));
    EXPECT_EQ(tests.size(), 4u) << suite;
    for (const auto& t : tests) EXPECT_EQ(t.substr(0, t.find('.')), suite);
    ++batches_per_suite[suite];
  }
  EXPECT_EQ(batches_per_suite.size(), 5u);
  for (const auto& [suite, n] : batches_per_suite) EXPECT_EQ(n, 1) << suite;
  std::map<std::string, std::set<int>> slots_of_suite;
  for (const auto& r : observer.finished) slots_of_suite[r.suite].insert(r.slot);
  for (const auto& [suite, slots] : slots_of_suite) EXPECT_EQ(slots.size(), 1u) << suite;
}

TEST_F(Scheduler, SendsTestsInTheUnitsOrder) {
  run({unit({"S.c", "S.a", "S.b"})});
  ASSERT_EQ(pool.runs().size(), 1u);
  EXPECT_THAT(pool.runs()[0].batch().tests, ElementsAre("S.c", "S.a", "S.b"));
  EXPECT_THAT(observer.names(), ElementsAre("S.c", "S.a", "S.b"));
}

TEST_F(Scheduler, ReportsTestOfCrashedWorkerAsCrashedWithTheExitDescription) {
  pool.behaviour = {{"C.b", Behaviour::crash}};
  run({unit({"C.a", "C.b", "C.c"})});

  const TestResult* crashed = observer.result("C.b");
  ASSERT_NE(crashed, nullptr);
  EXPECT_EQ(crashed->outcome, Outcome::crashed);
  ASSERT_EQ(crashed->failures.size(), 1u);
  EXPECT_THAT(crashed->failures[0].message, HasSubstr("killed by signal 11 (SIGSEGV)"));
  EXPECT_EQ(crashed->output.text, pool.crash_output);
  EXPECT_EQ(crashed->suite, "C");
  EXPECT_GE(crashed->seconds, 0.0);
}

TEST_F(Scheduler, RequeuesWorkOfCrashedWorker) {
  pool.behaviour = {{"C.b", Behaviour::crash}};
  const auto outcome = run({unit({"C.a", "C.b", "C.c", "C.d"})});

  EXPECT_FALSE(outcome.infrastructure_error);
  EXPECT_EQ(outcome.worker_restarts, 1);
  EXPECT_EQ(pool.starts(), 2);
  const auto runs = pool.runs();
  ASSERT_EQ(runs.size(), 2u);
  EXPECT_THAT(runs[0].batch().tests, ElementsAre("C.a", "C.b", "C.c", "C.d"));
  EXPECT_THAT(runs[1].batch().tests, ElementsAre("C.c", "C.d"));  // the crashed test is not run again
  EXPECT_NE(runs[0].batch().batch, runs[1].batch().batch);
  EXPECT_EQ(observer.result("C.a")->outcome, Outcome::passed);
  EXPECT_EQ(observer.result("C.c")->outcome, Outcome::passed);
  EXPECT_EQ(observer.result("C.d")->outcome, Outcome::passed);
  EXPECT_EQ(observer.finished.size(), 4u);
}

TEST_F(Scheduler, CrashedWorkerOfTheLastTestOfItsUnitRequeuesNothing) {
  pool.behaviour = {{"C.b", Behaviour::crash}};
  const auto outcome = run({unit({"C.a", "C.b"})});
  EXPECT_EQ(outcome.worker_restarts, 1);
  EXPECT_EQ(pool.runs().size(), 1u);
  EXPECT_EQ(outcome.units_not_run, 0);
  EXPECT_EQ(observer.finished.size(), 2u);
}

TEST_F(Scheduler, WorkerDeathOutsideAnyTestBlamesTheSuiteAndDoesNotRetryIt) {
  pool.crashes_before["C.b"] = 100;  // every worker would die before C.b starts (suite set-up, say)
  const auto outcome = run({unit({"C.a", "C.b", "C.c"}), unit({"D.a"})});

  EXPECT_FALSE(outcome.infrastructure_error);
  EXPECT_EQ(outcome.worker_restarts, 1);
  EXPECT_EQ(observer.result("C.a")->outcome, Outcome::passed);
  std::vector<const TestResult*> suite_errors;
  for (const auto& r : observer.finished) {
    if (r.suite_error) suite_errors.push_back(&r);
  }
  ASSERT_EQ(suite_errors.size(), 1u);
  EXPECT_EQ(suite_errors[0]->suite, "C");
  EXPECT_EQ(suite_errors[0]->outcome, Outcome::crashed);
  ASSERT_EQ(suite_errors[0]->failures.size(), 1u);
  EXPECT_THAT(suite_errors[0]->failures[0].message, HasSubstr("outside any test"));
  EXPECT_THAT(suite_errors[0]->failures[0].message, HasSubstr("killed by signal 6 (SIGABRT)"));
  EXPECT_EQ(suite_errors[0]->output.text, "abort in SetUpTestSuite\n");
  // C.b and C.c are not run again; the other unit still runs.
  EXPECT_EQ(observer.result("C.b"), nullptr);
  EXPECT_EQ(observer.result("C.c"), nullptr);
  EXPECT_EQ(observer.result("D.a")->outcome, Outcome::passed);
  int batches_with_c_b = 0;
  for (const auto& call : pool.runs()) {
    const auto& tests = call.batch().tests;
    batches_with_c_b += static_cast<int>(std::count(tests.begin(), tests.end(), "C.b"));
  }
  EXPECT_EQ(batches_with_c_b, 1);
}

TEST_F(Scheduler, WorkerDeathAfterTheLastTestBlamesTheSuite) {
  // Every test reported, then the worker dies (in TearDownTestSuite, say) before BatchDone.
  pool.crashes_after = {"T.b"};
  const auto outcome = run({unit({"T.a", "T.b"})});

  EXPECT_FALSE(outcome.infrastructure_error);
  EXPECT_EQ(observer.result("T.a")->outcome, Outcome::passed);
  EXPECT_EQ(observer.result("T.b")->outcome, Outcome::passed);
  ASSERT_EQ(observer.finished.size(), 3u);
  EXPECT_TRUE(observer.finished.back().suite_error);
  EXPECT_EQ(observer.finished.back().suite, "T");
  EXPECT_EQ(observer.finished.back().outcome, Outcome::crashed);
  EXPECT_EQ(pool.runs().size(), 1u);  // nothing left to run again
}

TEST_F(Scheduler, HangOutsideAnyTestIsEndedByTheTimeout) {
  config.timeout_seconds = 0.05;
  pool.hangs_before.insert("H.b");  // the worker hangs after H.a, before H.b starts
  const auto outcome = run({unit({"H.a", "H.b"}), unit({"I.a"})});

  EXPECT_FALSE(outcome.infrastructure_error);
  EXPECT_EQ(pool.kills(), 1);
  EXPECT_EQ(observer.result("H.a")->outcome, Outcome::passed);
  EXPECT_EQ(observer.result("H.b"), nullptr);
  const TestResult* suite_error = nullptr;
  for (const auto& r : observer.finished) {
    if (r.suite_error) suite_error = &r;
  }
  ASSERT_NE(suite_error, nullptr);
  EXPECT_EQ(suite_error->suite, "H");
  EXPECT_EQ(suite_error->outcome, Outcome::timed_out);
  EXPECT_THAT(suite_error->failures.at(0).message, HasSubstr("timed out"));
  EXPECT_EQ(observer.result("I.a")->outcome, Outcome::passed);
}

TEST_F(Scheduler, WorkerThatNeverSaysHelloIsEndedByTheTimeout) {
  config.timeout_seconds = 0.05;
  pool.binaries_that_never_say_hello = {0};
  const auto outcome = run({unit({"A.a"})});

  ASSERT_TRUE(outcome.infrastructure_error);
  EXPECT_THAT(*outcome.infrastructure_error, HasSubstr("could not start"));
  EXPECT_THAT(*outcome.infrastructure_error, HasSubstr("--timeout"));
  EXPECT_EQ(pool.kills(), 1);
  EXPECT_EQ(pool.starts(), 1);
  EXPECT_TRUE(observer.finished.empty());
}

TEST_F(Scheduler, WorkerThatExitsBeforeHelloStopsTheRunWithoutRestarts) {
  config.slots = 2;
  config.max_worker_restarts = 10;
  pool.binaries_that_cannot_start = {0};
  const auto outcome = run({unit({"A.a"}), unit({"B.b"}), unit({"C.c"})});

  ASSERT_TRUE(outcome.infrastructure_error);
  EXPECT_THAT(*outcome.infrastructure_error, HasSubstr("could not start"));
  EXPECT_THAT(*outcome.infrastructure_error, HasSubstr("exit status 1"));
  EXPECT_THAT(*outcome.infrastructure_error, HasSubstr("cannot open the clone"));
  // Every slot started once at most: no restart loop.
  std::map<int, int> starts_per_slot;
  for (const auto& [slot, binary] : pool.start_calls()) ++starts_per_slot[slot];
  for (const auto& [slot, n] : starts_per_slot) EXPECT_EQ(n, 1) << "slot " << slot;
  EXPECT_TRUE(pool.runs().empty());
  EXPECT_TRUE(observer.finished.empty());
  EXPECT_EQ(outcome.worker_restarts, 0);
  EXPECT_GT(outcome.units_not_run, 0);
}

TEST_F(Scheduler, WorkerFatalMessageExplainsAFailedStart) {
  pool.binaries_that_cannot_start = {0};
  pool.fatal_before_exit = "cannot open sqlite:file:x: unable to open database file";
  const auto outcome = run({unit({"A.a"})});

  ASSERT_TRUE(outcome.infrastructure_error);
  EXPECT_THAT(*outcome.infrastructure_error, HasSubstr("worker 1 could not start"));
  EXPECT_THAT(*outcome.infrastructure_error, HasSubstr("unable to open database file"));
  EXPECT_EQ(pool.starts(), 1);
}

TEST_F(Scheduler, TooManyWorkerCrashesIsAnInfrastructureError) {
  config.max_worker_restarts = 2;
  for (const auto* name : {"K.a", "K.b", "K.c", "K.d", "K.e"}) pool.behaviour[name] = Behaviour::crash;
  const auto outcome = run({unit({"K.a", "K.b", "K.c", "K.d", "K.e"})});

  ASSERT_TRUE(outcome.infrastructure_error);
  EXPECT_THAT(*outcome.infrastructure_error, HasSubstr("--max-worker-restarts 2"));
  EXPECT_THAT(*outcome.infrastructure_error, HasSubstr("killed by signal 11"));
  EXPECT_EQ(outcome.worker_restarts, 3);
  EXPECT_EQ(pool.starts(), 3);  // the third crash stops the run instead of a fourth start
  EXPECT_EQ(observer.finished.size(), 3u);
  for (const auto& r : observer.finished) EXPECT_EQ(r.outcome, Outcome::crashed);
}

TEST_F(Scheduler, CrashesUpToTheLimitAreTolerated) {
  config.max_worker_restarts = 2;
  pool.behaviour = {{"K.a", Behaviour::crash}, {"K.b", Behaviour::crash}};
  const auto outcome = run({unit({"K.a", "K.b", "K.c"})});

  EXPECT_FALSE(outcome.infrastructure_error);
  EXPECT_EQ(outcome.worker_restarts, 2);
  EXPECT_EQ(observer.result("K.c")->outcome, Outcome::passed);
}

TEST_F(Scheduler, KillsAWorkerWhoseTestExceedsTheTimeout) {
  config.timeout_seconds = 0.05;
  pool.behaviour = {{"T.hangs", Behaviour::hang}};
  const auto outcome = run({unit({"T.before", "T.hangs", "T.after"})});

  EXPECT_FALSE(outcome.infrastructure_error);
  EXPECT_EQ(pool.kills(), 1);
  const TestResult* timed_out = observer.result("T.hangs");
  ASSERT_NE(timed_out, nullptr);
  EXPECT_EQ(timed_out->outcome, Outcome::timed_out);
  ASSERT_EQ(timed_out->failures.size(), 1u);
  EXPECT_THAT(timed_out->failures[0].message, HasSubstr("timed out"));
  EXPECT_GE(timed_out->seconds, 0.05);
  // The rest of the unit runs on a fresh worker.
  EXPECT_EQ(observer.result("T.before")->outcome, Outcome::passed);
  EXPECT_EQ(observer.result("T.after")->outcome, Outcome::passed);
  EXPECT_EQ(outcome.worker_restarts, 1);
}

TEST_F(Scheduler, TestsThatEndInTimeAreNotKilled) {
  config.timeout_seconds = 30;
  const auto outcome = run({unit({"T.a", "T.b"}), unit({"U.a"})});
  EXPECT_EQ(pool.kills(), 0);
  EXPECT_EQ(outcome.worker_restarts, 0);
  for (const auto& r : observer.finished) EXPECT_EQ(r.outcome, Outcome::passed);
}

TEST_F(Scheduler, TimeoutsCountAgainstTheRestartLimit) {
  config.timeout_seconds = 0.02;
  config.max_worker_restarts = 0;
  pool.behaviour = {{"T.hangs", Behaviour::hang}};
  const auto outcome = run({unit({"T.hangs", "T.after"})});
  ASSERT_TRUE(outcome.infrastructure_error);
  EXPECT_EQ(outcome.worker_restarts, 1);
  EXPECT_EQ(observer.result("T.hangs")->outcome, Outcome::timed_out);
}

TEST_F(Scheduler, WithoutTimeoutAQuietTestIsNotKilled) {
  // No timeout configured: the slow test is waited for, however long.
  pool.behaviour = {{"S.slow", Behaviour::slow}};
  run({unit({"S.slow"})});
  EXPECT_EQ(pool.kills(), 0);
  EXPECT_EQ(observer.result("S.slow")->outcome, Outcome::passed);
}

TEST_F(Scheduler, FailfastHandsOutNoUnitAfterTheFirstFailureButLetsRunningOnesFinish) {
  config.slots = 2;
  config.failfast = true;
  pool.behaviour = {{"Slow.Test", Behaviour::slow}, {"F.fails", Behaviour::fail}};
  const auto outcome = run({unit({"Slow.Test"}), unit({"F.fails"}), unit({"X.x"}), unit({"Y.y"})});

  EXPECT_TRUE(outcome.stopped_by_failfast);
  EXPECT_FALSE(outcome.interrupted);
  EXPECT_EQ(outcome.units_not_run, 2);
  EXPECT_EQ(observer.result("F.fails")->outcome, Outcome::failed);
  ASSERT_NE(observer.result("Slow.Test"), nullptr);  // was running: it finishes
  EXPECT_EQ(observer.result("Slow.Test")->outcome, Outcome::passed);
  EXPECT_EQ(observer.result("X.x"), nullptr);
  EXPECT_EQ(observer.result("Y.y"), nullptr);
  EXPECT_EQ(pool.runs().size(), 2u);
  EXPECT_EQ(pool.kills(), 0);
}

TEST_F(Scheduler, FailfastFinishesTheRestOfTheRunningUnit) {
  config.failfast = true;
  pool.behaviour = {{"F.b", Behaviour::fail}};
  const auto outcome = run({unit({"F.a", "F.b", "F.c"}), unit({"G.a"})});

  EXPECT_TRUE(outcome.stopped_by_failfast);
  EXPECT_EQ(outcome.units_not_run, 1);
  EXPECT_THAT(observer.names(), ElementsAre("F.a", "F.b", "F.c"));
}

TEST_F(Scheduler, FailfastCountsACrashAsAFailure) {
  config.failfast = true;
  pool.behaviour = {{"C.b", Behaviour::crash}};
  const auto outcome = run({unit({"C.a", "C.b", "C.c"}), unit({"D.a"})});

  EXPECT_TRUE(outcome.stopped_by_failfast);
  EXPECT_EQ(pool.starts(), 1);  // no new worker for the rest after a crash under --failfast
  EXPECT_EQ(outcome.units_not_run, 2);  // the rest of C and all of D
  EXPECT_EQ(observer.result("C.c"), nullptr);
}

TEST_F(Scheduler, WithoutFailfastAFailureStopsNothing) {
  pool.behaviour = {{"F.a", Behaviour::fail}};
  const auto outcome = run({unit({"F.a"}), unit({"G.a"})});
  EXPECT_FALSE(outcome.stopped_by_failfast);
  EXPECT_EQ(outcome.units_not_run, 0);
  EXPECT_EQ(observer.finished.size(), 2u);
}

TEST_F(Scheduler, InterruptKillsEveryWorkerAndRecordsWhatWasRunning) {
  config.slots = 2;
  pool.behaviour = {{"H.one", Behaviour::hang}, {"H.two", Behaviour::hang}};
  const auto outcome =
      run({unit({"H.one"}), unit({"H.two"}), unit({"Z.z"})}, [this] { return observer.started.size() >= 2; });

  EXPECT_TRUE(outcome.interrupted);
  EXPECT_FALSE(outcome.infrastructure_error);
  std::set<int> killed;
  for (const auto& c : pool.calls) {
    if (c.type == PoolCall::kill) killed.insert(c.slot);
  }
  EXPECT_THAT(killed, UnorderedElementsAre(1, 2));
  EXPECT_THAT(outcome.unfinished_tests, UnorderedElementsAre("H.one", "H.two"));
  EXPECT_EQ(outcome.units_not_run, 1);
  EXPECT_TRUE(observer.finished.empty());  // killed by the user: neither crashed nor timed out
  EXPECT_EQ(outcome.worker_restarts, 0);
  EXPECT_EQ(pool.starts(), 2);
}

TEST_F(Scheduler, InterruptIsAskedOnlyUntilItAnswersYes) {
  pool.behaviour = {{"H.one", Behaviour::hang}};
  int asked_after_yes = 0;
  bool said_yes = false;
  run({unit({"H.one"})}, [&] {
    if (said_yes) ++asked_after_yes;
    if (!observer.started.empty()) said_yes = true;
    return said_yes;
  });
  EXPECT_TRUE(said_yes);
  EXPECT_EQ(asked_after_yes, 0);
  EXPECT_EQ(pool.kills(), 1);
}

TEST_F(Scheduler, TestNeverReportedBeforeBatchDoneIsReportedFailed) {
  pool.behaviour = {{"U.missing", Behaviour::unreported}};
  run({unit({"U.a", "U.missing", "U.c"})});

  const TestResult* missing = observer.result("U.missing");
  ASSERT_NE(missing, nullptr);
  EXPECT_EQ(missing->outcome, Outcome::failed);
  ASSERT_EQ(missing->failures.size(), 1u);
  EXPECT_THAT(missing->failures[0].message, HasSubstr("without running this test"));
  EXPECT_EQ(missing->suite, "U");
  EXPECT_EQ(observer.finished.size(), 3u);
}

TEST_F(Scheduler, TestsOfAnotherBinaryGetANewWorker) {
  config.slots = 1;
  run({unit(0, {"A.a"}), unit(1, {"B.b"})});

  ASSERT_EQ(pool.calls.size(), 6u);
  EXPECT_EQ(pool.calls[0].type, PoolCall::start);
  EXPECT_EQ(pool.calls[0].binary, 0);
  EXPECT_TRUE(pool.calls[1].is_run());
  EXPECT_THAT(pool.calls[1].batch().tests, ElementsAre("A.a"));
  EXPECT_TRUE(pool.calls[2].is_shutdown());
  EXPECT_EQ(pool.calls[3].type, PoolCall::start);
  EXPECT_EQ(pool.calls[3].binary, 1);
  EXPECT_TRUE(pool.calls[4].is_run());
  EXPECT_THAT(pool.calls[4].batch().tests, ElementsAre("B.b"));
  EXPECT_TRUE(pool.calls[5].is_shutdown());
  EXPECT_EQ(observer.result("A.a")->binary, 0);
  EXPECT_EQ(observer.result("B.b")->binary, 1);
  ASSERT_EQ(observer.started.size(), 2u);
  EXPECT_EQ(observer.started[1].binary, 1);
}

TEST_F(Scheduler, RunningWorkerPrefersUnitsOfItsOwnBinary) {
  config.slots = 1;
  run({unit(0, {"A.a"}), unit(1, {"B.b"}), unit(0, {"C.c"})});

  EXPECT_THAT(pool.start_calls(), ElementsAre(std::pair{1, 0}, std::pair{1, 1}));
  EXPECT_THAT(observer.names(), ElementsAre("A.a", "C.c", "B.b"));
}

TEST_F(Scheduler, ShutsDownIdleWorkersWhenTheQueueIsEmpty) {
  config.slots = 2;
  run({unit({"A.a"}), unit({"B.b"})});
  int shutdowns = 0;
  for (const auto& c : pool.calls) shutdowns += c.is_shutdown() ? 1 : 0;
  EXPECT_EQ(shutdowns, 2);
  EXPECT_EQ(pool.kills(), 0);
}

TEST_F(Scheduler, ForwardsPublishedSignalsToTheObserver) {
  pool.extra_messages["P.a"] = {protocol::Published{"orders.count", "12"}};
  run({unit({"P.a"})});
  ASSERT_EQ(observer.publications.size(), 1u);
  EXPECT_EQ(observer.publications[0].slot, 1);
  EXPECT_EQ(observer.publications[0].key, "orders.count");
  EXPECT_EQ(observer.publications[0].value, "12");
}

TEST_F(Scheduler, ForwardsSuiteErrorsAsSuiteFailures) {
  pool.extra_messages["E.a"] = {
      protocol::SuiteError{0, "E", {{"e_test.cpp", 7, "SetUpTestSuite failed"}}, {"setup output\n", 0}},
      protocol::SuiteError{0, "", {{"", 0, "global environment failed"}}, {}}};
  run({unit({"E.a"})});

  ASSERT_EQ(observer.finished.size(), 3u);
  std::vector<const TestResult*> suite_errors;
  for (const auto& r : observer.finished) {
    if (r.suite_error) suite_errors.push_back(&r);
  }
  ASSERT_EQ(suite_errors.size(), 2u);
  EXPECT_EQ(suite_errors[0]->suite, "E");
  EXPECT_EQ(suite_errors[0]->name, "E");
  EXPECT_EQ(suite_errors[0]->outcome, Outcome::failed);
  EXPECT_EQ(suite_errors[0]->failures[0].message, "SetUpTestSuite failed");
  EXPECT_EQ(suite_errors[0]->output.text, "setup output\n");
  EXPECT_EQ(suite_errors[1]->suite, "(global environment)");
  EXPECT_EQ(observer.result("E.a")->outcome, Outcome::passed);
}

TEST_F(Scheduler, TellsTheObserverWhenWorkersStartAndTestsStart) {
  config.slots = 2;
  run({unit({"A.a"}), unit({"B.b"})});
  ASSERT_EQ(observer.workers_started.size(), 2u);
  for (const auto& [slot, seconds] : observer.workers_started) EXPECT_DOUBLE_EQ(seconds, 0.25);
  ASSERT_EQ(observer.started.size(), 2u);
  for (const auto& s : observer.started) EXPECT_EQ(s.binary, 0);
}

TEST_F(Scheduler, IgnoresMessagesOfAnEarlierBatch) {
  // A TestFinished that names an old batch must not count for the new one.
  pool.extra_messages["S.a"] = {protocol::TestFinished{9999, "S.b", protocol::TestStatus::failed, 0, {}, {}}};
  run({unit({"S.a", "S.b"})});
  ASSERT_EQ(observer.finished.size(), 2u);
  EXPECT_EQ(observer.result("S.b")->outcome, Outcome::passed);
}

TEST(TestOutcome, NamesAndFailureClasses) {
  EXPECT_EQ(runner::to_string(Outcome::passed), "passed");
  EXPECT_EQ(runner::to_string(Outcome::timed_out), "timed out");
  EXPECT_TRUE(runner::is_failure(Outcome::failed));
  EXPECT_TRUE(runner::is_failure(Outcome::crashed));
  EXPECT_TRUE(runner::is_failure(Outcome::timed_out));
  EXPECT_FALSE(runner::is_failure(Outcome::passed));
  EXPECT_FALSE(runner::is_failure(Outcome::skipped));
}

TEST_F(Scheduler, HandsSeveralSmallUnitsAtOnceWhileMuchWorkRemains) {
  config.slots = 2;
  std::vector<WorkUnit> units;
  for (int i = 0; i < 40; ++i) {
    auto u = unit({"S" + std::to_string(i) + ".t"});
    u.position = 40 - i;  // listed in the opposite order to the queue
    units.push_back(u);
  }
  run(units);
  const auto batches = pool.runs();
  EXPECT_LT(batches.size(), 40u) << "small units should travel together";
  ASSERT_GE(batches.front().batch().tests.size(), 2u);
  // A chunk is sent in registration order, so the worker can run it in one go.
  // The first chunk takes S0..S4 off the queue and sends them as listed.
  EXPECT_EQ(batches.front().batch().tests[0], "S4.t");
  EXPECT_EQ(observer.finished.size(), 40u);
  // The last batches are single units, which keeps the finish balanced.
  EXPECT_EQ(batches.back().batch().tests.size(), 1u);
}

TEST_F(Scheduler, UnitsEstimatedAtZeroStillSpreadOverEveryWorker) {
  config.slots = 2;
  std::vector<WorkUnit> units;
  for (int i = 0; i < 40; ++i) {
    auto u = unit({"Z" + std::to_string(i) + ".t"});
    u.estimate_seconds = 0;
    units.push_back(u);
  }
  run(units);
  EXPECT_EQ(pool.starts(), 2);
  std::set<int> slots_used;
  for (const auto& r : pool.runs()) slots_used.insert(r.slot);
  EXPECT_EQ(slots_used.size(), 2u);
}

TEST_F(Scheduler, KillsAWorkerThatIgnoresShutdown) {
  config.timeout_seconds = 0.05;
  pool.ignores_shutdown = true;
  const auto outcome = run({unit({"A.a"})});
  EXPECT_FALSE(outcome.infrastructure_error);
  EXPECT_EQ(pool.kills(), 1);
  ASSERT_EQ(observer.finished.size(), 1u);
  EXPECT_EQ(observer.finished[0].outcome, Outcome::passed);
}

TEST_F(Scheduler, FailfastDoesNotStartAWorkerForWorkSetAsideBeforeTheFailure) {
  config.slots = 2;
  config.failfast = true;
  pool.behaviour = {{"B.fail", Behaviour::fail}};
  const auto outcome = run({unit(0, {"A.a"}), unit(0, {"B.fail"}), unit(1, {"C.c"})});
  EXPECT_TRUE(outcome.stopped_by_failfast);
  EXPECT_EQ(pool.starts(), 2);
  EXPECT_EQ(outcome.units_not_run, 1);
}

}  // namespace
}  // namespace dbtest::unit
