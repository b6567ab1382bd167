// Reading a plain GoogleTest binary's console and JSON report.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "workers/gtest_console.hpp"
#include "workers/gtest_report.hpp"
#include "workers/plain_run.hpp"

namespace dbtest::unit {
namespace {

using runner::ConsoleEvent;
using Kind = ConsoleEvent::Kind;

const char* const kConsole =
    "Running main() from gtest_main.cc\n"
    "Note: Google Test filter = S.A:S.B\n"
    "[==========] Running 2 tests from 1 test suite.\n"
    "[----------] Global test environment set-up.\n"
    "[----------] 2 tests from S\n"
    "[ RUN      ] S.A\n"
    "hello\n"
    "t.cpp:4: Failure\n"
    "Expected equality of these values:\n"
    "  1\n"
    "  2\n"
    "after[  FAILED  ] S.A (12 ms)\n"
    "[ RUN      ] S.B\n"
    "t.cpp:5: Skipped\n"
    "why\n"
    "\n"
    "[  SKIPPED ] S.B (0 ms)\n"
    "[----------] 2 tests from S (12 ms total)\n";

const char* const kReport = R"({"testsuites": [{"name": "S", "testsuite": [
  {"name": "A", "status": "RUN", "result": "COMPLETED", "time": "0.012s",
   "failures": [{"failure": "t.cpp:4\nExpected equality of these values:\n  1\n  2", "type": ""}]},
  {"name": "B", "status": "RUN", "result": "SKIPPED", "time": "0s"}]}]})";

TEST(ConsoleReader, ReadsSuitesTestsAndHowEachEnded) {
  runner::ConsoleReader reader(1 << 20);
  auto events = reader.feed(kConsole);
  ASSERT_EQ(events.size(), 6u);
  EXPECT_EQ(events[0].kind, Kind::suite_started);
  EXPECT_EQ(events[0].name, "S");
  EXPECT_EQ(events[1].kind, Kind::test_started);
  EXPECT_EQ(events[2].kind, Kind::test_ended);
  EXPECT_EQ(events[2].status, protocol::TestStatus::failed);
  EXPECT_DOUBLE_EQ(events[2].seconds, 0.012);
  EXPECT_EQ(events[2].text, "hello\nt.cpp:4: Failure\nExpected equality of these values:\n  1\n  2\nafter");
  EXPECT_EQ(events[4].status, protocol::TestStatus::skipped);
  EXPECT_EQ(events[5].kind, Kind::suite_finished);
}

TEST(ConsoleReader, KeepsTheTextOfATestThatNeverEnded) {
  runner::ConsoleReader reader(1 << 20);
  reader.feed("[----------] 1 test from S\n[ RUN      ] S.A\nworking on it\nhalf a li");
  reader.finish();
  ASSERT_TRUE(reader.running_test());
  EXPECT_EQ(*reader.running_test(), "S.A");
  EXPECT_EQ(reader.running_text().text(), "working on it\nhalf a li");
}

TEST(ConsoleReader, ReportsAFailureInASuitesSetUpAsTheSuites) {
  runner::ConsoleReader reader(1 << 20);
  auto events = reader.feed(
      "[----------] 1 test from S\nt.cpp:9: Failure\nsetup broke\n[ RUN      ] S.A\n[  SKIPPED ] S.A (0 ms)\n"
      "[----------] 1 test from S (0 ms total)\n");
  ASSERT_GE(events.size(), 2u);
  EXPECT_EQ(events[1].kind, Kind::outside_failure);
  EXPECT_EQ(events[1].name, "S");
  const auto split = runner::split_console_failures(events[1].text, false);
  ASSERT_EQ(split.failures.size(), 1u);
  EXPECT_EQ(split.failures[0].file, "t.cpp");
  EXPECT_EQ(split.failures[0].line, 9);
  EXPECT_EQ(split.failures[0].message, "setup broke");
}

TEST(ConsoleReader, ParameterisedNamesEndWithTheirParameter) {
  runner::ConsoleReader reader(1 << 20);
  auto events = reader.feed("[ RUN      ] I/P.X/1\n[  FAILED  ] I/P.X/1, where GetParam() = 3 (4 ms)\n");
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[1].name, "I/P.X/1");
  EXPECT_DOUBLE_EQ(events[1].seconds, 0.004);
}

TEST(ConsoleReader, KeepsTheHeadAndTailOfAFloodAndStillFindsTheEndMarker) {
  runner::ConsoleReader reader(1024);
  reader.feed("[ RUN      ] S.Flood\n");
  const std::string block(100000, 'x');
  for (int i = 0; i < 100; ++i) reader.feed(block);  // ten million bytes, no newline
  auto events = reader.feed("[       OK ] S.Flood (5 ms)\n");
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].kind, Kind::test_ended);
  EXPECT_EQ(events[0].text.size(), 1024u);
  EXPECT_EQ(events[0].cut_bytes, 10000000u - 1024u);
}

TEST(GtestReport, ReadsResultsTimesAndFailureLocations) {
  const auto report = runner::parse_gtest_report(kReport);
  ASSERT_TRUE(report);
  ASSERT_EQ(report->tests.size(), 2u);
  const auto& a = report->tests.at("S.A");
  EXPECT_EQ(a.status, protocol::TestStatus::failed);
  EXPECT_DOUBLE_EQ(a.seconds, 0.012);
  ASSERT_EQ(a.failures.size(), 1u);
  EXPECT_EQ(a.failures[0].file, "t.cpp");
  EXPECT_EQ(a.failures[0].line, 4);
  EXPECT_EQ(report->tests.at("S.B").status, protocol::TestStatus::skipped);
  EXPECT_FALSE(runner::parse_gtest_report("not json"));
}

TEST(PlainRun, ReportsPassesAtOnceAndFailuresFromTheReportWithTheirOutputApart) {
  runner::PlainRun run(7, 1 << 20);
  const auto live = run.feed(kConsole);
  int finished = 0;
  for (const auto& m : live) finished += std::holds_alternative<protocol::TestFinished>(m) ? 1 : 0;
  EXPECT_EQ(finished, 1);  // the skip; the failure waits for the report
  const auto held = run.finish(kReport);
  ASSERT_EQ(held.size(), 1u);
  const auto& a = std::get<protocol::TestFinished>(held[0]);
  EXPECT_EQ(a.batch, 7u);
  EXPECT_EQ(a.name, "S.A");
  ASSERT_EQ(a.failures.size(), 1u);
  EXPECT_EQ(a.failures[0].message, "Expected equality of these values:\n  1\n  2");
  EXPECT_EQ(a.output.text, "hello\nafter");
}

TEST(PlainRun, FallsBackOnTheConsoleWithoutAReport) {
  runner::PlainRun run(1, 1 << 20);
  run.feed(kConsole);
  const auto held = run.finish("");
  ASSERT_EQ(held.size(), 1u);
  const auto& a = std::get<protocol::TestFinished>(held[0]);
  ASSERT_EQ(a.failures.size(), 1u);
  EXPECT_EQ(a.failures[0].line, 4);
  EXPECT_EQ(a.output.text, "hello\n");
}

}  // namespace
}  // namespace dbtest::unit
