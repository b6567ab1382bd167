// The --trace file: valid JSON in the Chrome trace event format, a named
// track per worker, a slice per test that never overlaps another test of its
// worker, crashes and retries marked.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "report/chrome_trace.hpp"
#include "report_support.hpp"

namespace dbtest::unit {
namespace {

using runner::ChromeTrace;
using runner::Outcome;
using runner::RunEnd;
using runner::RunFacts;
using runner::RunResults;
using runner::WorkerEnd;
using runner::WorkerEndReason;
using Json = nlohmann::json;

std::vector<Json> named(const Json& trace, const std::string& ph, const std::string& name) {
  std::vector<Json> out;
  for (const auto& e : trace.at("traceEvents")) {
    if (e.at("ph") == ph && e.at("name") == name) out.push_back(e);
  }
  return out;
}

void pause() { std::this_thread::sleep_for(std::chrono::milliseconds(2)); }

class ChromeTraceTest : public ::testing::Test {
 protected:
  ChromeTraceTest() {
    RunFacts f;
    f.run_id = "r1";
    f.binaries = {"build/app_tests"};
    trace.run_started(f);
  }
  Json document() const { return Json::parse(trace.text()); }

  ChromeTrace trace{"", std::chrono::steady_clock::now()};
};

TEST_F(ChromeTraceTest, ATestIsASliceInsideItsBatchOnItsWorkersTrack) {
  trace.worker_starting(1, 0);
  pause();
  trace.worker_started(1, 0.001);
  trace.batch_started(1, 1, {"A.a", "A.b"}, 1);
  trace.test_started(1, 0, "A.a");
  pause();
  trace.test_finished(result("A.a", Outcome::passed));
  trace.test_started(1, 0, "A.b");
  pause();
  trace.test_finished(result("A.b", Outcome::failed));
  trace.batch_finished(1, 1);
  trace.worker_ended(1, WorkerEnd{WorkerEndReason::finished, "exit status 0"});

  const Json doc = document();
  const auto a = named(doc, "X", "A.a");
  ASSERT_EQ(a.size(), 1u);
  EXPECT_EQ(a[0].at("tid"), 1);
  EXPECT_EQ(a[0].at("cat"), "test");
  EXPECT_EQ(a[0].at("args").at("result"), "passed");
  EXPECT_EQ(a[0].at("args").at("binary"), "build/app_tests");
  const auto b = named(doc, "X", "A.b");
  ASSERT_EQ(b.size(), 1u);
  EXPECT_EQ(b[0].at("args").at("result"), "failed");
  EXPECT_LE(a[0].at("ts").get<std::int64_t>() + a[0].at("dur").get<std::int64_t>(), b[0].at("ts").get<std::int64_t>());
  const auto batch = named(doc, "X", "batch 1");
  ASSERT_EQ(batch.size(), 1u);
  EXPECT_LE(batch[0].at("ts").get<std::int64_t>(), a[0].at("ts").get<std::int64_t>());
  EXPECT_GE(batch[0].at("ts").get<std::int64_t>() + batch[0].at("dur").get<std::int64_t>(),
            b[0].at("ts").get<std::int64_t>() + b[0].at("dur").get<std::int64_t>());
  EXPECT_EQ(named(doc, "X", "start worker").size(), 1u);
  EXPECT_EQ(named(doc, "X", "app_tests").size(), 1u);  // the worker process, named by its file
  const auto threads = named(doc, "M", "thread_name");
  std::vector<std::string> names;
  for (const auto& t : threads) names.push_back(t.at("args").at("name"));
  EXPECT_THAT(names, ::testing::ElementsAre("master", "worker 1"));
}

TEST_F(ChromeTraceTest, ATestReportedAfterTheNextStartedEndsWhereTheNextBegins) {
  trace.worker_starting(1, 0);
  trace.worker_started(1, 0);
  trace.batch_started(1, 1, {"P.a", "P.b"}, 1);
  trace.test_started(1, 0, "P.a");
  pause();
  trace.test_started(1, 0, "P.b");  // a plain binary reports P.a's failure at the end of its run
  pause();
  trace.test_finished(result("P.b", Outcome::passed));
  trace.test_finished(result("P.a", Outcome::failed));
  const Json doc = document();
  const auto a = named(doc, "X", "P.a");
  const auto b = named(doc, "X", "P.b");
  ASSERT_EQ(a.size(), 1u);
  ASSERT_EQ(b.size(), 1u);
  EXPECT_EQ(a[0].at("args").at("result"), "failed");
  EXPECT_LE(a[0].at("ts").get<std::int64_t>() + a[0].at("dur").get<std::int64_t>(), b[0].at("ts").get<std::int64_t>());
}

TEST_F(ChromeTraceTest, CrashesAndRetriesAreMarked) {
  trace.worker_starting(2, 0);
  trace.worker_started(2, 0);
  trace.batch_started(2, 1, {"C.c"}, 1);
  trace.test_started(2, 0, "C.c");
  auto crashed = result("C.c", Outcome::crashed);
  crashed.slot = 2;
  crashed.retry_follows = true;
  trace.test_finished(crashed);
  trace.worker_ended(2, WorkerEnd{WorkerEndReason::crashed, "killed by signal 11 (SIGSEGV)"});
  trace.worker_starting(2, 0);
  trace.worker_started(2, 0);
  trace.batch_started(2, 2, {"C.c"}, 2);
  trace.test_started(2, 0, "C.c");
  auto passed = result("C.c", Outcome::passed);
  passed.slot = 2;
  passed.attempt = 2;
  trace.test_finished(passed);

  const Json doc = document();
  EXPECT_EQ(named(doc, "i", "crashed").size(), 1u);
  EXPECT_EQ(named(doc, "i", "worker crashed").size(), 1u);
  EXPECT_EQ(named(doc, "i", "retry queued").size(), 1u);
  const auto runs = named(doc, "X", "C.c");
  ASSERT_EQ(runs.size(), 2u);
  EXPECT_EQ(runs[0].at("cat"), "test");
  EXPECT_EQ(runs[1].at("cat"), "test,retry");
  EXPECT_EQ(runs[1].at("args").at("flaky"), true);
}

TEST_F(ChromeTraceTest, TheMastersPhasesAreOnTrackZeroAndTheEndClosesOpenSlices) {
  const auto start = std::chrono::steady_clock::now();
  trace.phase("discovering", start, start + std::chrono::milliseconds(5));
  trace.worker_starting(1, 0);
  trace.worker_started(1, 0);
  trace.batch_started(1, 1, {"H.h"}, 1);
  trace.test_started(1, 0, "H.h");
  trace.run_finished(RunResults{}, RunEnd{130, ""});  // interrupted: nothing ended
  const Json doc = document();
  const auto discovering = named(doc, "X", "discovering");
  ASSERT_EQ(discovering.size(), 1u);
  EXPECT_EQ(discovering[0].at("tid"), 0);
  EXPECT_EQ(discovering[0].at("dur").get<std::int64_t>(), 5000);
  EXPECT_EQ(named(doc, "X", "H.h").size(), 1u);
  EXPECT_EQ(named(doc, "X", "batch 1").size(), 1u);
  EXPECT_EQ(named(doc, "X", "app_tests").size(), 1u);
}

TEST_F(ChromeTraceTest, TheCloneThePoolMadeAndTheOneTheWorkerOpenedFollowEachOtherInsideTheStart) {
  trace.worker_starting(1, 0);
  pause();
  trace.clone_made(1, 0.001);
  pause();
  trace.worker_started(1, 0.5);  // longer than the whole start: cut to what is left of it
  const Json doc = document();
  const auto start = named(doc, "X", "start worker");
  const auto made = named(doc, "X", "make clone");
  const auto opened = named(doc, "X", "open clone");
  ASSERT_EQ(start.size(), 1u);
  ASSERT_EQ(made.size(), 1u);
  ASSERT_EQ(opened.size(), 1u);
  EXPECT_GE(made[0].at("ts").get<std::int64_t>(), start[0].at("ts").get<std::int64_t>());
  EXPECT_LE(made[0].at("ts").get<std::int64_t>() + made[0].at("dur").get<std::int64_t>(), opened[0].at("ts").get<std::int64_t>());
  EXPECT_LE(opened[0].at("ts").get<std::int64_t>() + opened[0].at("dur").get<std::int64_t>(),
            start[0].at("ts").get<std::int64_t>() + start[0].at("dur").get<std::int64_t>());
}

TEST_F(ChromeTraceTest, OddNamesStayValidJson) {
  trace.worker_starting(1, 0);
  trace.batch_started(1, 1, {"x"}, 1);
  const std::string name = "Odd.\"name\"\\\n\x01\xff";
  trace.test_started(1, 0, name);
  trace.test_finished(result(name, Outcome::passed));
  EXPECT_NO_THROW(document());
}

}  // namespace
}  // namespace dbtest::unit
