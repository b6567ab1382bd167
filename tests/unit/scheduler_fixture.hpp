// The scheduler's test fixture: a fake WorkerPool: every worker is a script that
// answers start() with Hello and RunBatch with the events of each test's
// behaviour, so crashes, hangs and slow suites are deterministic.
#pragma once

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
  // How many more workers find their global environment failing fatally
  // just before the test: they report it, say they cannot go on and end.
  std::map<std::string, int> environment_fails_before;
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

  std::string keep_clone(int slot) override {
    ++clones_kept;
    return "open clone " + std::to_string(clones_kept) + " of slot " + std::to_string(slot);
  }
  int clones_kept = 0;

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
      if (auto it = environment_fails_before.find(name); it != environment_fails_before.end() && it->second > 0) {
        --it->second;
        events.push_back({slot, protocol::SuiteError{run.batch, "", {{"env.cpp", 12, "the environment cannot start"}},
                                                     {"environment output\n", 0}}});
        events.push_back({slot, protocol::WorkerFatal{"a global environment failed fatally"}});
        events.push_back({slot, WorkerExit{3, false, "exit status 3", {}}});
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
  void worker_ended(int slot, const runner::WorkerEnd& end) override { workers_ended.emplace_back(slot, end.reason); }
  void batch_started(int slot, std::uint64_t, const std::vector<std::string>& tests, int attempt) override {
    batches_started.push_back({slot, tests, attempt});
  }

  struct Batch {
    int slot;
    std::vector<std::string> tests;
    int attempt;
  };
  std::vector<std::pair<int, runner::WorkerEndReason>> workers_ended;
  std::vector<Batch> batches_started;
  std::vector<runner::WorkerEndReason> end_reasons() const {
    std::vector<runner::WorkerEndReason> out;
    for (const auto& [slot, reason] : workers_ended) out.push_back(reason);
    return out;
  }

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

}  // namespace dbtest::unit
