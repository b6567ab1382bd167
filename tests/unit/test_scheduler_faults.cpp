// The scheduler when workers crash, hang, fail to start or are interrupted,
// driven by the fake WorkerPool of scheduler_fixture.hpp.
#include "scheduler_fixture.hpp"

namespace dbtest::unit {
namespace {

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
  config.startup_seconds = 0.05;
  pool.binaries_that_never_say_hello = {0};
  const auto outcome = run({unit({"A.a"})});

  ASSERT_TRUE(outcome.infrastructure_error);
  EXPECT_THAT(*outcome.infrastructure_error, HasSubstr("could not start"));
  EXPECT_THAT(*outcome.infrastructure_error, HasSubstr("did not answer within 0.05 s"));
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

TEST_F(Scheduler, RunTimeoutKillsRunningTestsAsTimedOutAndStartsNothingMore) {
  config.slots = 2;
  config.run_timeout_seconds = 0.05;
  config.run_deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(50);
  pool.behaviour = {{"H.one", Behaviour::hang}};
  const auto outcome = run({unit({"H.one", "H.two"}), unit({"P.a"}), unit({"Q.a"})});

  ASSERT_TRUE(outcome.infrastructure_error);
  EXPECT_THAT(*outcome.infrastructure_error, HasSubstr("did not finish within 0.05 s (--run-timeout)"));
  const TestResult* hung = observer.result("H.one");
  ASSERT_NE(hung, nullptr);
  EXPECT_EQ(hung->outcome, Outcome::timed_out);
  EXPECT_THAT(hung->failures[0].message, HasSubstr("the run reached its limit of 0.05 s (--run-timeout)"));
  EXPECT_EQ(observer.result("H.two"), nullptr);
  EXPECT_EQ(outcome.worker_restarts, 0);
  EXPECT_EQ(pool.starts(), 2);  // no worker replaces the killed one
}

TEST_F(Scheduler, RunTimeoutThatIsNotReachedChangesNothing) {
  config.run_timeout_seconds = 60;
  config.run_deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  const auto outcome = run({unit({"A.a", "A.b"})});
  EXPECT_FALSE(outcome.infrastructure_error);
  EXPECT_EQ(observer.finished.size(), 2u);
}

TEST_F(Scheduler, AServerThatWentAwayEndsTheRunAfterTheFailureThatShowedIt) {
  int asked = 0;
  config.server_check = [&] {
    ++asked;
    return std::string("the PostgreSQL server went away during the run: connection refused");
  };
  pool.behaviour = {{"A.b", Behaviour::fail}, {"A.c", Behaviour::hang}};
  const auto outcome = run({unit({"A.a", "A.b", "A.c", "A.d"}), unit({"B.a"})});

  ASSERT_TRUE(outcome.infrastructure_error);
  EXPECT_THAT(*outcome.infrastructure_error, HasSubstr("went away during the run"));
  EXPECT_EQ(asked, 1);
  EXPECT_EQ(observer.result("A.b")->outcome, Outcome::failed);  // reported before the run ends
  EXPECT_EQ(observer.result("A.d"), nullptr);
  EXPECT_EQ(observer.result("B.a"), nullptr);
}

TEST_F(Scheduler, FailingTestsOnAServerThatAnswersGoOnAndDoNotAskAfterEveryFailure) {
  int asked = 0;
  config.server_check = [&] {
    ++asked;
    return std::string();
  };
  pool.behaviour = {{"A.a", Behaviour::fail}, {"A.b", Behaviour::fail}, {"A.c", Behaviour::fail}};
  const auto outcome = run({unit({"A.a", "A.b", "A.c"})});
  EXPECT_FALSE(outcome.infrastructure_error);
  EXPECT_EQ(observer.finished.size(), 3u);
  EXPECT_EQ(asked, 1);
}

TEST_F(Scheduler, FailuresThatArriveAfterTheServerIsFoundGoneAreNotReported) {
  config.server_check = [] { return std::string("the PostgreSQL server went away during the run"); };
  std::vector<std::string> tests;
  for (int i = 0; i < 50; ++i) {
    tests.push_back("Q.t" + std::to_string(i));
    pool.behaviour[tests.back()] = Behaviour::fail;
  }
  // The worker reports all fifty at once, as one that ran ahead of the master.
  const auto outcome = run({unit(tests)});
  ASSERT_TRUE(outcome.infrastructure_error);
  EXPECT_EQ(observer.finished.size(), 1u);
}

TEST_F(Scheduler, ABurstOfFailuresAsksAgainBeforeTheQuarterSecondIsUp) {
  int asked = 0;
  config.server_check = [&] {
    // It answers at first, then is gone, as a server that is shutting down.
    return ++asked == 1 ? std::string() : std::string("the PostgreSQL server went away during the run");
  };
  std::vector<std::string> tests;
  for (int i = 0; i < 100; ++i) {
    tests.push_back("Q.t" + std::to_string(i));
    pool.behaviour[tests.back()] = Behaviour::fail;
  }
  const auto outcome = run({unit(tests)});
  ASSERT_TRUE(outcome.infrastructure_error);
  EXPECT_EQ(asked, 2);
  EXPECT_LE(observer.finished.size(), 12u) << "the run went on failing test after test";
}

TEST_F(Scheduler, PassingTestsNeverAskAfterTheServer) {
  int asked = 0;
  config.server_check = [&] {
    ++asked;
    return std::string("gone");
  };
  const auto outcome = run({unit({"A.a", "A.b"})});
  EXPECT_FALSE(outcome.infrastructure_error);
  EXPECT_EQ(asked, 0);
}

// --- a global environment that fails ---------------------------------------------

int environment_errors(const RecordingObserver& observer) {
  return static_cast<int>(std::count_if(observer.finished.begin(), observer.finished.end(), [](const TestResult& r) {
    return r.suite_error && r.suite == "(global environment)";
  }));
}

TEST_F(Scheduler, AFailedEnvironmentIsReportedOnceAndItsWorkGoesToAFreshWorker) {
  pool.environment_fails_before["A.a"] = 1;
  const auto outcome = run({unit({"A.a", "A.b"}), unit({"B.a"})});

  EXPECT_EQ(environment_errors(observer), 1);
  const auto& error = *std::find_if(observer.finished.begin(), observer.finished.end(),
                                    [](const TestResult& r) { return r.suite_error; });
  EXPECT_EQ(error.outcome, Outcome::failed);
  EXPECT_EQ(error.failures[0].message, "the environment cannot start");
  EXPECT_EQ(error.output.text, "environment output\n");
  for (const char* name : {"A.a", "A.b", "B.a"}) {
    ASSERT_NE(observer.result(name), nullptr) << name;
    EXPECT_EQ(observer.result(name)->outcome, Outcome::passed) << name;
  }
  for (const auto& r : observer.finished) EXPECT_NE(r.outcome, Outcome::crashed) << r.name;
  EXPECT_EQ(pool.starts(), 2);
  EXPECT_EQ(outcome.worker_restarts, 1);
  EXPECT_FALSE(outcome.infrastructure_error);
}

TEST_F(Scheduler, AnEnvironmentThatFailsAfterSomeTestsRequeuesOnlyTheRestWithoutCountingARestart) {
  pool.environment_fails_before["A.c"] = 1;
  const auto outcome = run({unit({"A.a", "A.b", "A.c", "A.d"})});

  EXPECT_EQ(environment_errors(observer), 1);
  for (const char* name : {"A.a", "A.b", "A.c", "A.d"}) {
    ASSERT_NE(observer.result(name), nullptr) << name;
    EXPECT_EQ(observer.result(name)->outcome, Outcome::passed) << name;
  }
  // The fresh worker got A.c and A.d, not the tests that had run.
  const auto runs = pool.runs();
  ASSERT_EQ(runs.size(), 2u);
  EXPECT_THAT(runs[1].batch().tests, ElementsAre("A.c", "A.d"));
  EXPECT_EQ(outcome.worker_restarts, 0);
}

TEST_F(Scheduler, ARunWhoseEveryEnvironmentFailsEndsAtTheRestartLimitReportingItOnce) {
  config.slots = 2;
  config.max_worker_restarts = 3;
  pool.environment_fails_before["A.a"] = 100;
  pool.environment_fails_before["B.a"] = 100;
  const auto outcome = run({unit({"A.a"}), unit({"B.a"})});

  EXPECT_EQ(environment_errors(observer), 1);
  EXPECT_EQ(observer.result("A.a"), nullptr);
  EXPECT_EQ(observer.result("B.a"), nullptr);
  ASSERT_TRUE(outcome.infrastructure_error);
  EXPECT_THAT(*outcome.infrastructure_error, HasSubstr("--max-worker-restarts 3"));
  EXPECT_THAT(*outcome.infrastructure_error, HasSubstr("its global environment failed"));
  EXPECT_EQ(outcome.worker_restarts, 4);
  EXPECT_EQ(outcome.units_not_run, 2);
}

}  // namespace
}  // namespace dbtest::unit

namespace dbtest::unit {
namespace {

using runner::WorkerEndReason;

// What the reports that draw workers (--events, --trace) are told.
TEST_F(Scheduler, SaysWhyEachWorkerEnded) {
  pool.behaviour = {{"C.b", Behaviour::crash}};
  run({unit({"C.a", "C.b", "C.c"})});
  EXPECT_THAT(observer.end_reasons(), ElementsAre(WorkerEndReason::crashed, WorkerEndReason::finished));
  // The crashed test's result comes before its worker's end.
  ASSERT_EQ(observer.finished.size(), 3u);
}

TEST_F(Scheduler, AWorkerKilledByTheTimeoutEndedTimedOut) {
  config.timeout_seconds = 0.05;
  pool.behaviour = {{"H.a", Behaviour::hang}};
  run({unit({"H.a"})});
  EXPECT_THAT(observer.end_reasons(), ElementsAre(WorkerEndReason::timed_out));
}

TEST_F(Scheduler, AWorkerThatMakesWayForARetryWasReplaced) {
  config.retries = 1;
  pool.behaviour = {{"F.fails", Behaviour::fail}};
  run({unit({"F.fails"})});
  EXPECT_THAT(observer.end_reasons(), ElementsAre(WorkerEndReason::replaced, WorkerEndReason::finished));
  ASSERT_EQ(observer.batches_started.size(), 2u);
  EXPECT_EQ(observer.batches_started[0].attempt, 1);
  EXPECT_EQ(observer.batches_started[1].attempt, 2);
  ASSERT_EQ(observer.finished.size(), 2u);
  EXPECT_TRUE(observer.finished[0].retry_follows);
  EXPECT_FALSE(observer.finished[1].retry_follows);
}

TEST_F(Scheduler, InterruptedWorkersEndedInterrupted) {
  config.slots = 2;
  pool.behaviour = {{"H.one", Behaviour::hang}, {"H.two", Behaviour::hang}};
  run({unit({"H.one"}), unit({"H.two"})}, [this] { return observer.started.size() >= 2; });
  EXPECT_THAT(observer.end_reasons(), ElementsAre(WorkerEndReason::interrupted, WorkerEndReason::interrupted));
}

}  // namespace
}  // namespace dbtest::unit
