// The --events stream: one JSON object a line, every line with the fields
// docs/events.md promises, odd test names kept exactly.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "base/errors.hpp"
#include "report/event_stream.hpp"
#include "report_support.hpp"

namespace dbtest::unit {
namespace {

using runner::EventStream;
using runner::Outcome;
using runner::RunEnd;
using runner::RunFacts;
using runner::RunResults;
using runner::WorkerEnd;
using runner::WorkerEndReason;
using Json = nlohmann::json;

std::vector<Json> lines_of(const std::string& text) {
  std::vector<Json> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(Json::parse(line));  // throws on a line that is not JSON
  return out;
}

RunFacts facts() {
  RunFacts f;
  f.version = "0.1.0";
  f.run_id = "r1";
  f.binaries = {"build/app_tests"};
  f.backend = "sqlite";
  f.workers = 2;
  f.tests = 3;
  f.options.dist = "suite";
  f.options.order = "planned";
  f.options.retries = 1;
  return f;
}

class EventStreamTest : public ::testing::Test {
 protected:
  std::ostringstream out;
  EventStream stream{out, std::chrono::steady_clock::now()};
};

TEST_F(EventStreamTest, EveryLineIsOneJsonObjectWithSchemaKindAndTime) {
  stream.run_started(facts());
  stream.worker_starting(1, 0);
  stream.worker_started(1, 0.01);
  stream.batch_started(1, 1, {"A.a"}, 1);
  stream.test_started(1, 0, "A.a");
  stream.test_finished(result("A.a", Outcome::failed));
  stream.worker_ended(1, WorkerEnd{WorkerEndReason::finished, "exit status 0"});
  RunResults run;
  run.results.push_back(result("A.a", Outcome::failed));
  stream.run_finished(run, RunEnd{1, ""});

  const auto lines = lines_of(out.str());
  ASSERT_EQ(lines.size(), 6u);
  for (const auto& l : lines) {
    ASSERT_TRUE(l.is_object());
    EXPECT_EQ(l.at("schema"), 1);
    EXPECT_TRUE(l.at("t").is_number());
    EXPECT_TRUE(l.at("time").is_string());
  }
  std::vector<std::string> kinds;
  for (const auto& l : lines) kinds.push_back(l.at("event"));
  EXPECT_THAT(kinds, ::testing::ElementsAre("run_started", "worker_started", "test_started", "test_finished",
                                            "worker_ended", "run_finished"));
  const auto& finished = lines[3];
  EXPECT_EQ(finished.at("status"), "failed");
  EXPECT_EQ(finished.at("binary"), "build/app_tests");
  ASSERT_EQ(finished.at("failures").size(), 1u);
  EXPECT_EQ(finished.at("failures")[0].at("file"), "orders_test.cpp");
  EXPECT_EQ(finished.at("failures")[0].at("line"), 42);
  EXPECT_EQ(lines[4].at("reason"), "finished");
  EXPECT_EQ(lines[5].at("counts").at("failed"), 1);
  EXPECT_EQ(lines[5].at("exit_status"), 1);
}

TEST_F(EventStreamTest, OddTestNamesAndMessagesAreEscapedAndKept) {
  stream.run_started(facts());
  const std::string name = "Odd/Suite.\"quoted\"\\back\tslash\n/0";
  auto r = result(name, Outcome::failed);
  r.failures[0].message = std::string("control \x01 and \xe2\x9c\x93 and a bad byte \xff");
  stream.test_started(1, 0, name);
  stream.test_finished(r);
  const auto lines = lines_of(out.str());
  ASSERT_EQ(lines.size(), 3u);  // one line each, whatever the name holds
  EXPECT_EQ(lines[1].at("test"), name);
  EXPECT_EQ(lines[2].at("test"), name);
  const std::string message = lines[2].at("failures")[0].at("message");
  EXPECT_THAT(message, ::testing::HasSubstr("control \x01 and \xe2\x9c\x93"));
  EXPECT_THAT(message, ::testing::HasSubstr("\xef\xbf\xbd"));  // the bad byte, replaced
}

TEST_F(EventStreamTest, LinesBeforeRunStartedFollowIt) {
  stream.dbtest_note("warning", "the state folder could not be read");
  EXPECT_EQ(out.str(), "");
  stream.run_started(facts());
  const auto lines = lines_of(out.str());
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0].at("event"), "run_started");
  EXPECT_EQ(lines[1].at("event"), "warning");
  EXPECT_EQ(lines[1].at("source"), "dbtest");
  EXPECT_EQ(lines[1].at("level"), "warning");
  EXPECT_TRUE(lines[1].at("test").is_null());
}

TEST_F(EventStreamTest, TestWarningsAndRetriesAreSaidPerAttempt) {
  stream.run_started(facts());
  stream.batch_started(2, 5, {"F.flaky"}, 2);
  stream.test_started(2, 0, "F.flaky");
  auto r = result("F.flaky", Outcome::passed);
  r.slot = 2;
  r.attempt = 2;
  r.warnings = {"slow query"};
  stream.test_finished(r);
  const auto lines = lines_of(out.str());
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_EQ(lines[1].at("attempt"), 2);
  EXPECT_EQ(lines[2].at("flaky"), true);
  EXPECT_EQ(lines[2].at("retry_follows"), false);
  EXPECT_EQ(lines[3].at("event"), "warning");
  EXPECT_EQ(lines[3].at("source"), "test");
  EXPECT_EQ(lines[3].at("test"), "F.flaky");
  EXPECT_EQ(lines[3].at("message"), "slow query");
}

TEST_F(EventStreamTest, RunFinishedCarriesTheSettledCounts) {
  stream.run_started(facts());
  RunResults run;
  auto failed = result("F.flaky", Outcome::failed);
  auto passed = result("F.flaky", Outcome::passed);
  passed.attempt = 2;
  run.results = {failed, passed, result("A.a", Outcome::passed), result("C.c", Outcome::crashed)};
  run.settle_retries();
  run.times.discovering = 0.5;
  stream.run_finished(run, RunEnd{1, ""});
  const auto last = lines_of(out.str()).back();
  EXPECT_EQ(last.at("counts").at("passed"), 1);
  EXPECT_EQ(last.at("counts").at("failed"), 0);
  EXPECT_EQ(last.at("counts").at("crashed"), 1);
  EXPECT_EQ(last.at("counts").at("flaky"), 1);
  EXPECT_EQ(last.at("phases").at("discovering"), 0.5);
  EXPECT_TRUE(last.at("error").is_null());
}

TEST_F(EventStreamTest, ALineThatCannotBeWrittenFailsTheEnd) {
  stream.run_started(facts());
  out.setstate(std::ios::badbit);
  EXPECT_THROW(stream.run_finished(RunResults{}, RunEnd{0, ""}), InfrastructureError);
}

}  // namespace
}  // namespace dbtest::unit
